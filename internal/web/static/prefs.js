// gongkai — the visitor's display choices, kept in this browser
// (localStorage) and applied before the page is drawn. The server sends the
// same HTML to everyone, so portal pages can be published as files
// (gongkai publish) and cached; app.js wires the switch.
(function () {
  "use strict";
  try {
    if (window.localStorage.getItem("gongkai.elder") === "1") {
      document.documentElement.classList.add("elder");
    }
  } catch (e) { /* storage blocked: standard mode */ }
})();
