// gongkai — small progressive enhancements; every page works without them.
(function () {
  "use strict";
  // Ask before destructive actions: <form data-confirm="确定…？">.
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute && e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { e.preventDefault(); }
  });
  // Charts: <div class="chart" data-chart="ID"></div> with the ECharts
  // option in <script type="application/json" id="ID">. ECharts is loaded
  // by the page that needs it.
  function drawCharts() {
    if (!window.echarts) { return; }
    document.querySelectorAll(".chart[data-chart]").forEach(function (el) {
      var src = document.getElementById(el.getAttribute("data-chart"));
      if (!src || el.getAttribute("data-drawn")) { return; }
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(JSON.parse(src.textContent));
      el.setAttribute("data-drawn", "1");
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  // Print buttons (<button data-print hidden>): shown when scripts run.
  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("[data-print]")) { window.print(); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print][hidden]").forEach(function (b) { b.hidden = false; });
  });
  // A table too wide for the screen scrolls in its own box (narrow
  // windows): make that box reachable by keyboard (WCAG 2.1.1), with its
  // caption or heading as its name.
  function scrollables() {
    document.querySelectorAll("table.grid, .table-wrap").forEach(function (el) {
      if (el.scrollWidth <= el.clientWidth + 1 || el.hasAttribute("tabindex")) { return; }
      el.setAttribute("tabindex", "0");
      if (!el.getAttribute("aria-label")) {
        var cap = el.querySelector("caption");
        var head = el.closest("section") && el.closest("section").querySelector("h2");
        var name = (cap && cap.textContent) || (head && head.textContent) || "表格";
        el.setAttribute("aria-label", name.trim() + "（可左右滚动）");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", scrollables);
  window.addEventListener("resize", scrollables);
  document.addEventListener("htmx:afterSettle", scrollables);
  document.addEventListener("DOMContentLoaded", drawCharts);
  // Elder mode (larger type, higher contrast): a switch in the page header,
  // remembered in this browser; prefs.js applies it before the page is drawn.
  function elderSwitches() {
    var root = document.documentElement;
    function label(b) {
      var on = root.classList.contains("elder");
      b.setAttribute("aria-pressed", on ? "true" : "false");
      b.title = on ? "已开启长辈模式（大字、高对比），再按一次恢复标准模式" : "大字、高对比的长辈模式";
    }
    document.querySelectorAll(".elder-toggle").forEach(function (b) {
      b.hidden = false;
      label(b);
      b.addEventListener("click", function () {
        var on = !root.classList.contains("elder");
        root.classList.toggle("elder", on);
        try { window.localStorage.setItem("gongkai.elder", on ? "1" : "0"); } catch (e) { /* not kept */ }
        document.querySelectorAll(".elder-toggle").forEach(label);
      });
    });
  }
  document.addEventListener("DOMContentLoaded", elderSwitches);
  document.addEventListener("htmx:afterSettle", drawCharts);
})();
