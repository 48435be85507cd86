// gongkai — the document body in a Word-like editor (wangEditor, vendored
// under vendor/, MIT). A <textarea data-editor> stays the form field: the
// editor writes its HTML back into it on every change, so the form posts
// as before and the server's sanitiser (internal/sanitize) decides what is
// kept. Without JavaScript the textarea is used as it is.
(function () {
  "use strict";
  function setup(area) {
    var E = window.wangEditor;
    if (!E || area.getAttribute("data-editor-ready")) { return; }
    area.setAttribute("data-editor-ready", "1");
    var box = document.createElement("div");
    box.className = "rich-editor";
    var bar = document.createElement("div");
    bar.className = "rich-editor-toolbar";
    var body = document.createElement("div");
    body.className = "rich-editor-body";
    body.id = area.id + "-editor";
    box.appendChild(bar);
    box.appendChild(body);
    area.parentNode.insertBefore(box, area.nextSibling);
    area.hidden = true;
    var label = document.querySelector('label[for="' + area.id + '"]');
    var ready = false, initial = "";
    var editor = E.createEditor({
      selector: body,
      html: area.value.indexOf("<") >= 0 ? area.value : textToHTML(area.value),
      mode: "default",
      config: {
        placeholder: "在此输入正文，可直接从 Word 粘贴",
        // Only what the editor changed is written back: a body set on the
        // textarea otherwise (a script, an assistive tool) is kept.
        onChange: function (ed) { if (ready && ed.getHtml() !== initial) { area.value = ed.getHtml(); } },
        MENU_CONF: {
          uploadImage: { base64LimitSize: 2 * 1024 * 1024, allowedFileTypes: ["image/*"] }
        }
      }
    });
    E.createToolbar({
      editor: editor,
      selector: bar,
      mode: "default",
      config: {
        toolbarKeys: ["headerSelect", "bold", "italic", "underline", "|", "bulletedList", "numberedList", "justifyLeft", "justifyCenter",
          "|", "insertTable", "uploadImage", "insertImage", "insertLink", "|", "blockquote", "divider", "undo", "redo", "clearStyle"]
      }
    });
    initial = editor.getHtml();
    ready = true;
    if (label) {
      label.addEventListener("click", function () { editor.focus(); });
      var ed = body.querySelector("[contenteditable]");
      if (ed) { ed.setAttribute("aria-label", label.textContent); }
    }
    if (area.form) {
      area.form.addEventListener("submit", function () {
        if (editor.getHtml() !== initial) { area.value = editor.getHtml(); }
      });
    }
    area.editor = editor;
  }
  function textToHTML(t) {
    if (!t.trim()) { return "<p><br></p>"; }
    return t.split(/\n\s*\n/).map(function (p) {
      var d = document.createElement("div");
      d.textContent = p;
      return "<p>" + d.innerHTML.replace(/\n/g, "<br>") + "</p>";
    }).join("");
  }
  function init() { document.querySelectorAll("textarea[data-editor]").forEach(setup); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
