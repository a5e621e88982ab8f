// Casebook: progressive enhancement only; every page is complete without JavaScript.
(function () {
  "use strict";
  function bibFilters(form) {
    var list = document.querySelector(".cb-bib");
    if (!list) return;
    form.hidden = false;
    var items = Array.prototype.slice.call(list.children);
    var names = ["lang", "type", "case"].filter(function (k) { return form.elements[k]; });  // no case filter on a site without cases
    function value(k) { return form.elements[k] ? form.elements[k].value : ""; }
    function apply() {
      var lang = value("lang"), type = value("type"), kase = value("case");
      var shown = 0;
      items.forEach(function (li) {
        var ok = (!lang || li.dataset.lang === lang) && (!type || li.dataset.type === type) &&
          (!kase || (" " + li.dataset.cases + " ").indexOf(" " + kase + " ") >= 0);
        li.hidden = !ok;
        if (ok) shown++;
      });
      form.elements.count.value = shown + " / " + items.length;
      var params = new URLSearchParams(location.search);
      names.forEach(function (k) { if (value(k)) params.set(k, value(k)); else params.delete(k); });
      var q = params.toString();
      history.replaceState(null, "", location.pathname + (q ? "?" + q : "") + location.hash);
    }
    var params = new URLSearchParams(location.search);
    names.forEach(function (k) { if (params.get(k)) form.elements[k].value = params.get(k); });
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
  }
  // The APA reference of a list item, as text and as HTML (italics kept when pasted into a word processor),
  // without the "incomplete reference" marker.
  function apaOf(btn) {
    var li = btn.closest("li");
    var ref = li && li.querySelector(".cb-ref");
    if (!ref) return null;
    var copy = ref.cloneNode(true);
    copy.querySelectorAll(".cb-incomplete").forEach(function (el) { el.remove(); });
    return { text: copy.textContent.replace(/[ \t\r\n]+/g, " ").trim(), html: copy.innerHTML.trim() };
  }
  function copyButtons() {
    document.querySelectorAll("[data-cb-copy]").forEach(function (btn) {
      btn.hidden = false;
      var label = btn.textContent;
      btn.addEventListener("click", function () {
        var apa = btn.dataset.cbCopy === "apa" ? apaOf(btn) : null;
        var code = apa ? null : btn.parentNode.querySelector("pre");
        var text = apa ? apa.text : (code ? code.textContent : "");
        var done = function () { btn.textContent = "✓ " + label; setTimeout(function () { btn.textContent = label; }, 1500); };
        var clip = navigator.clipboard;
        if (apa && clip && clip.write && window.ClipboardItem) {
          var item = new ClipboardItem({ "text/plain": new Blob([text], { type: "text/plain" }),
                                         "text/html": new Blob([apa.html], { type: "text/html" }) });
          clip.write([item]).then(done, function () { clip.writeText(text).then(done, done); });
        } else if (clip && clip.writeText) clip.writeText(text).then(done, done);
        else done();
      });
    });
  }
  function init() {
    var form = document.querySelector('form[data-cb-filter="bib"]');
    if (form) bibFilters(form);
    copyButtons();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
