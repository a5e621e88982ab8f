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
  function copyButtons() {
    document.querySelectorAll("[data-cb-copy]").forEach(function (btn) {
      btn.hidden = false;
      btn.addEventListener("click", function () {
        var code = btn.parentNode.querySelector("pre");
        var text = code ? code.textContent : "";
        var done = function () { var old = btn.textContent; btn.textContent = "✓ " + old; setTimeout(function () { btn.textContent = old; }, 1500); };
        if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, done);
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
