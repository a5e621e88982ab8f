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
  // A table wider than its box says so in words (the shadow at the hidden side says it without JavaScript); the
  // words are the box's data-cb-cue, the site's "scroll_cue" string in the page's language.
  function scrollCues() {
    var boxes = document.querySelectorAll(".md-typeset .cb-scroll");
    if (!boxes.length) return;
    var cues = [];
    boxes.forEach(function (box) {
      var text = box.getAttribute("data-cb-cue");  // the site's string, in the page's language (the template's)
      if (!text) return;
      var cue = document.createElement("p");
      cue.className = "cb-scroll-cue";
      cue.setAttribute("aria-hidden", "true");  // the table's region is focusable and scrolls with the arrow keys
      cue.textContent = "\u2194 " + text;
      cue.hidden = true;
      box.parentNode.insertBefore(cue, box);
      cues.push([box, cue]);
    });
    function update() {
      cues.forEach(function (bc) { bc[1].hidden = bc[0].scrollWidth <= bc[0].clientWidth + 1; });
    }
    update();
    if (window.ResizeObserver) new ResizeObserver(update).observe(document.body);
    else window.addEventListener("resize", update);
  }
  // The case index: sort (buttons in the headers, aria-sort; or the "Sort by" list on a phone) and filter (text,
  // the facets the model's index: names, year), with a live count and the state in the address. Without
  // JavaScript the table is the full list.
  function caseIndex(form) {
    var table = document.querySelector("table.cb-index");
    if (!table) return;
    var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows), original = rows.slice();
    var lang = document.documentElement.lang || "fr";
    var collator = new Intl.Collator(lang, {sensitivity: "base", numeric: true});
    var fold = function (s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); };
    var texts = rows.map(function (tr) { return fold(tr.dataset.text || tr.textContent); });
    var facets = (form.dataset.facets || "").split(" ").filter(Boolean);  // the model's index: (sector level type)
    var names = ["q"].concat(facets, ["year", "sort"]);
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var col = {};
    heads.forEach(function (th, i) {
      col[th.dataset.key] = i;
      var b = document.createElement("button");
      b.type = "button";
      b.className = "cb-sort";
      b.innerHTML = "<span></span><span class=\"cb-sort-arrow\" aria-hidden=\"true\"></span>";
      b.firstChild.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(b);
      b.addEventListener("click", function () {
        var cur = form.elements.sort.value, key = th.dataset.key;
        form.elements.sort.value = cur === key ? key + ":desc" : key;
        apply();
      });
    });
    function sortValue(tr, key) {
      if (key === "years") return tr.dataset.start === "" ? null : Number(tr.dataset.start) * 10000 + Number(tr.dataset.end || 9999);
      return tr.cells[col[key]].textContent.trim();
    }
    function order(spec) {
      if (!spec) return original.slice();
      var parts = spec.split(":"), key = parts[0], dir = parts[1] === "desc" ? -1 : 1;
      return original.slice().sort(function (a, b) {
        var x = sortValue(a, key), y = sortValue(b, key);
        if (x === null || x === "") return (y === null || y === "") ? 0 : 1;  // no value: last, either way
        if (y === null || y === "") return -1;
        var c = typeof x === "number" ? x - y : collator.compare(x, y);
        return dir * c || original.indexOf(a) - original.indexOf(b);
      });
    }
    function value(k) { return form.elements[k].value; }
    function apply() {
      var q = fold(value("q").trim()), year = value("year"), words = q ? q.split(/\s+/) : [], shown = 0;
      rows.forEach(function (tr, i) {
        var ok = facets.every(function (k) {
          return !value(k) || (" " + tr.dataset[k] + " ").indexOf(" " + value(k) + " ") >= 0;
        }) && words.every(function (w) { return texts[i].indexOf(w) >= 0; });
        if (ok && year) {
          var s = tr.dataset.start, e = tr.dataset.end, y = Number(year);
          ok = year === "undated" ? s === "" : s !== "" && Number(s) <= y && (e === "" || Number(e) >= y);
        }
        tr.hidden = !ok;
        if (ok) shown++;
      });
      var spec = value("sort"), key = spec.split(":")[0];
      order(spec).forEach(function (tr) { body.appendChild(tr); });
      heads.forEach(function (th) {
        if (spec && th.dataset.key === key) th.setAttribute("aria-sort", spec.indexOf(":desc") > 0 ? "descending" : "ascending");
        else th.removeAttribute("aria-sort");
      });
      var msg = form.dataset.count.replace("{shown}", shown).replace("{total}", rows.length);
      form.elements.count.value = shown ? msg : msg + " \u2014 " + form.dataset.none;
      var params = new URLSearchParams(location.search);
      names.forEach(function (k) { if (value(k)) params.set(k, value(k)); else params.delete(k); });
      var s = params.toString();
      history.replaceState(null, "", location.pathname + (s ? "?" + s : "") + location.hash);
    }
    var params = new URLSearchParams(location.search);
    names.forEach(function (k) {
      var v = params.get(k), el = form.elements[k];
      if (!v) return;
      if (el.tagName === "SELECT" && !Array.prototype.some.call(el.options, function (o) { return o.value === v; })) return;
      el.value = v;
    });
    form.hidden = false;
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
  }
  // On a phone, the case pages' tables (class "cb-table" alone) are stacked (casebook.css, under .cb-js): each cell says which
  // column it is from.
  function cellLabels() {
    document.querySelectorAll(".md-typeset .cb-scroll > table[class=\"cb-table\"]").forEach(function (table) {
      if (!table.tHead) return;
      var names = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.textContent.trim(); });
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (tr) {
          Array.prototype.forEach.call(tr.cells, function (cell, i) {
            if (i > 0 && names[i] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", names[i]);
          });
        });
      });
    });
  }
  // Case pages: each part (section[data-cb-fold]) gets a button in its heading that folds its body. Folded bodies
  // are hidden "until-found": the browser's find-in-page still finds their text and unfolds them. A link to
  // something inside a folded part unfolds it; print shows everything (casebook.css).
  function folding() {
    var sections = document.querySelectorAll("section[data-cb-fold]");
    if (!sections.length) return;
    function setFolded(sec, folded) {
      var body = sec.querySelector(":scope > .cb-sec__body"), btn = sec.querySelector(":scope > h2 .cb-fold, :scope > h3 .cb-fold");
      if (!body || !btn) return;
      if (folded) body.setAttribute("hidden", "until-found"); else body.removeAttribute("hidden");
      btn.setAttribute("aria-expanded", folded ? "false" : "true");
      btn.setAttribute("aria-label", folded ? sec.dataset.cbUnfold : sec.dataset.cbFold);
      btn.title = btn.getAttribute("aria-label");
    }
    sections.forEach(function (sec) {
      var heading = sec.firstElementChild, body = sec.querySelector(":scope > .cb-sec__body");
      if (!heading || !/^H[23]$/.test(heading.tagName) || !body) return;
      var btn = document.createElement("button");
      btn.type = "button";
      btn.className = "cb-fold";
      btn.setAttribute("aria-controls", body.id);
      btn.innerHTML = '<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false"><path d="M7.4 8.6 12 13.2l4.6-4.6L18 10l-6 6-6-6z"/></svg>';
      // The permalink and the button stay together at the end of the heading (never a line of their own).
      var tools = document.createElement("span");
      tools.className = "cb-heading-tools";
      var permalink = heading.querySelector(":scope > .headerlink");
      var last = permalink ? permalink.previousSibling : heading.lastChild;
      var word = last && last.nodeType === 3 ? /(\S+)\s*$/.exec(last.nodeValue) : null;
      if (word) {  // the heading's last word too: the tools never start a line
        last.nodeValue = last.nodeValue.slice(0, word.index);
        tools.appendChild(document.createTextNode(word[1]));
      }
      if (permalink) tools.appendChild(permalink);
      tools.appendChild(btn);
      heading.appendChild(tools);
      setFolded(sec, false);
      btn.addEventListener("click", function () { setFolded(sec, btn.getAttribute("aria-expanded") === "true"); });
      body.addEventListener("beforematch", function () { setFolded(sec, false); });
    });
    function reveal() {
      var id = decodeURIComponent(location.hash.slice(1));
      var target = id && document.getElementById(id);
      var opened = false;
      for (var el = target && target.parentElement; el; el = el.parentElement) {
        var body = el.matches("section[data-cb-fold]") && el.querySelector(":scope > .cb-sec__body");
        if (body && body.hidden && body.contains(target)) { setFolded(el, false); opened = true; }
      }
      if (opened) target.scrollIntoView();
    }
    window.addEventListener("hashchange", reveal);
    reveal();
  }
  function init() {
    var form = document.querySelector('form[data-cb-filter="bib"]');
    if (form) bibFilters(form);
    var index = document.querySelector('form[data-cb-filter="cases"]');
    if (index) caseIndex(index);
    copyButtons();
    cellLabels();
    scrollCues();
    folding();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
