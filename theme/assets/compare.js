// Casebook compare page: filters, sorting, column choice and a side-by-side view over the static meta-matrix.
// Progressive enhancement only: without JavaScript the page is a complete table (with static pages past
// the first rows). Every view is kept in the query string, so its URL restores it:
//   ?sector=…&level=…&type=…&mode=…&regime=…&from=YYYY&to=YYYY&sort=<column>&dir=asc|desc&hide=<col,…>&cases=<id,…>
// Speed: row data (facets, years) is read once. Only the matching rows shown (at most `data-limit` at a time, 10 by default;
// a "show more" button adds the next ones) are in the table: the others are kept out of the document, so a
// filter costs the style, layout and paint of a few rows whatever the number of cases.
(function () {
  "use strict";
  var FACETS = ["sector", "level", "type", "mode", "regime"];
  var MAX_PICK = 4;

  function init(root) {
    var table = root.querySelector("table[data-cb-meta]");
    if (!table || !table.tBodies.length || !table.tHead) return;
    var tbody = table.tBodies[0];
    var form = root.querySelector(".cb-compare-controls");
    var side = root.querySelector(".cb-side");
    var sideBody = side && side.querySelector(".cb-side-body");
    var status = root.querySelector(".cb-status");
    var more = root.querySelector(".cb-more");
    var pager = root.querySelector(".cb-pager");
    var t = JSON.parse(root.getAttribute("data-i18n") || "{}");
    var lang = document.documentElement.lang || "fr";
    var collator = new Intl.Collator(lang, { sensitivity: "base", numeric: true });
    var limit = parseInt(root.getAttribute("data-limit"), 10) || 100;
    var pages = JSON.parse(root.getAttribute("data-pages") || "[]");
    var headRow = table.tHead.rows[table.tHead.rows.length - 1];
    var groupRow = table.tHead.rows.length > 1 ? table.tHead.rows[0] : null;
    var headers = Array.prototype.slice.call(headRow.cells);
    var cols = headers.map(function (th) { return th.getAttribute("data-d"); });
    var rows = [];  // one record a row: {tr, id, f: {facet: [ids]}, from, to, keys: {}, box}
    var order = [];  // rows in display order
    var byId = {};
    var state = { f: {}, from: null, to: null, sort: "", dir: "asc", hide: [], cases: [], more: 0 };
    var style = document.createElement("style");
    document.head.appendChild(style);

    function fmt(key, values) {
      return (t[key] || key).replace(/\{(\w+)\}/g, function (_, k) { return values[k] !== undefined ? values[k] : ""; });
    }
    function say(text) {
      if (!status) return;
      status.hidden = !text;
      status.textContent = text || "";
    }

    // ---- rows ----------------------------------------------------------------------------------------
    function record(tr) {
      var r = { tr: tr, id: tr.getAttribute("data-id"), f: {}, keys: {}, from: null, to: null };
      FACETS.forEach(function (name) {
        var v = tr.getAttribute("data-" + name);
        r.f[name] = v ? v.split(" ") : [];
      });
      var from = tr.getAttribute("data-from"), to = tr.getAttribute("data-to");
      r.from = from ? parseInt(from, 10) : null;
      r.to = to ? parseInt(to, 10) : null;
      var th = tr.cells[0];
      var box = document.createElement("input");
      box.type = "checkbox";
      box.className = "cb-pick";
      box.value = r.id;
      var name = th.textContent.trim();
      box.setAttribute("aria-label", fmt("js_pick", { "case": name }));
      box.title = box.getAttribute("aria-label");
      th.insertBefore(box, th.firstChild);
      r.box = box;
      rows.push(r);
      order.push(r);
      byId[r.id] = r;
      return r;
    }
    Array.prototype.forEach.call(tbody.rows, record);

    function matches(r) {
      for (var i = 0; i < FACETS.length; i++) {
        var want = state.f[FACETS[i]];
        if (want && r.f[FACETS[i]].indexOf(want) < 0) return false;
      }
      if (state.from !== null || state.to !== null) {
        if (r.from === null) return false;  // an undated case cannot be placed in a range
        if (state.to !== null && r.from > state.to) return false;
        if (state.from !== null && r.to !== null && r.to < state.from) return false;  // no end: still running
      }
      return true;
    }

    var shown = [];  // the rows in the table, in order
    function apply() {
      var cap = limit * (1 + state.more), matched = 0, next = [];
      for (var i = 0; i < order.length; i++) {
        if (matches(order[i])) {
          matched++;
          if (matched <= cap) next.push(order[i].tr);
        }
      }
      var same = next.length === shown.length;
      for (var j = 0; same && j < next.length; j++) same = next[j] === shown[j];
      if (!same) {
        var frag = document.createDocumentFragment();
        next.forEach(function (tr) { frag.appendChild(tr); });
        tbody.textContent = "";
        tbody.appendChild(frag);
        shown = next;
      }
      if (form && form.elements.count) form.elements.count.value = fmt("js_count", { shown: matched, total: rows.length });
      if (more) {
        var left = matched - cap;
        more.hidden = left <= 0;
        if (left > 0) more.textContent = fmt("js_more", { n: Math.min(limit, left) });
      }
      writeUrl();
    }

    // ---- sorting -------------------------------------------------------------------------------------
    function sortKey(r, col) {
      if (col in r.keys) return r.keys[col];
      var idx = cols.indexOf(col), kind = headers[idx].getAttribute("data-sort"), cell = r.tr.cells[idx], key;
      if (kind === "count") key = cell.getElementsByTagName("li").length;
      else if (kind === "date") key = cell.getAttribute("data-s") || "";
      else key = cell.textContent.replace(/\s+/g, " ").trim();
      r.keys[col] = key;
      return key;
    }

    function sortRows() {
      order = rows.slice();
      var col = state.sort;
      if (col && cols.indexOf(col) >= 0) {
        var sign = state.dir === "desc" ? -1 : 1;
        var kind = headers[cols.indexOf(col)].getAttribute("data-sort");
        order.sort(function (a, b) {
          var ka = sortKey(a, col), kb = sortKey(b, col);
          var ea = ka === "" || (kind === "count" && ka === 0), eb = kb === "" || (kind === "count" && kb === 0);
          if (ea !== eb) return ea ? 1 : -1;  // empty cells last, whichever the direction
          if (kind === "count") return sign * (ka - kb);
          return sign * collator.compare(String(ka), String(kb));
        });
      }
      shown = [];  // apply() puts the rows back in the new order
      headers.forEach(function (th, i) {
        if (cols[i] === col) th.setAttribute("aria-sort", state.dir === "desc" ? "descending" : "ascending");
        else th.removeAttribute("aria-sort");
      });
    }

    headers.forEach(function (th, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cb-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      button.title = fmt("js_sort", { col: button.textContent.trim() });
      var arrow = document.createElement("span");
      arrow.className = "cb-sort-arrow";
      arrow.setAttribute("aria-hidden", "true");
      button.appendChild(arrow);
      th.appendChild(button);
      button.addEventListener("click", function () {
        if (state.sort === cols[i]) state.dir = state.dir === "asc" ? "desc" : "asc";
        else { state.sort = cols[i]; state.dir = "asc"; }
        sortRows();
        apply();
      });
    });

    // ---- columns -------------------------------------------------------------------------------------
    function showColumns() {
      var rules = [];
      state.hide.forEach(function (col) {
        var k = cols.indexOf(col) + 1;
        if (k > 1) rules.push("[data-cb-meta] tbody tr > :nth-child(" + k + "), [data-cb-meta] thead tr:last-child > :nth-child(" + k + ")");
      });
      style.textContent = rules.length ? rules.join(",\n") + " { display: none; }" : "";
      if (groupRow) {
        Array.prototype.forEach.call(groupRow.querySelectorAll("th[data-g]"), function (th) {
          var g = th.getAttribute("data-g"), n = 0;
          headers.forEach(function (h, i) { if (h.getAttribute("data-g") === g && state.hide.indexOf(cols[i]) < 0) n++; });
          th.hidden = n === 0;
          if (n) th.colSpan = n;
        });
      }
    }

    // ---- side by side --------------------------------------------------------------------------------
    function renderSide() {
      if (!side) return;
      var picked = state.cases.filter(function (id) { return byId[id]; });
      rows.forEach(function (r) {
        r.box.checked = picked.indexOf(r.id) >= 0;
        r.box.disabled = !r.box.checked && picked.length >= MAX_PICK;
      });
      if (picked.length < 2) {
        side.hidden = true;
        sideBody.textContent = "";
        return;
      }
      var tbl = document.createElement("table");
      tbl.className = "cb-table cb-side-table";
      var cap = tbl.createCaption();
      cap.className = "cb-sr";
      cap.textContent = side.querySelector("h3").textContent;
      var head = tbl.createTHead().insertRow();
      var corner = document.createElement("th");
      corner.scope = "col";
      corner.textContent = t.js_dimension || "";
      head.appendChild(corner);
      picked.forEach(function (id) {
        var th = document.createElement("th");
        th.scope = "col";
        var link = byId[id].tr.cells[0].querySelector("a");
        th.appendChild(link ? link.cloneNode(true) : document.createTextNode(id));
        head.appendChild(th);
      });
      var body = tbl.createTBody();
      cols.forEach(function (col, i) {
        if (i === 0 || state.hide.indexOf(col) >= 0) return;
        var tr = body.insertRow();
        var th = document.createElement("th");
        th.scope = "row";
        th.textContent = headers[i].textContent.trim();
        tr.appendChild(th);
        picked.forEach(function (id) {
          var td = byId[id].tr.cells[i].cloneNode(true);
          td.removeAttribute("data-s");
          tr.appendChild(td);
        });
      });
      sideBody.textContent = "";
      var wrap = document.createElement("div");
      wrap.className = "cb-scroll";
      wrap.appendChild(tbl);
      sideBody.appendChild(wrap);
      side.hidden = false;
    }

    tbody.addEventListener("change", function (e) {
      var box = e.target;
      if (!box.classList || !box.classList.contains("cb-pick")) return;
      var i = state.cases.indexOf(box.value);
      if (box.checked && i < 0) {
        if (state.cases.length >= MAX_PICK) {
          box.checked = false;
          say(t.js_pick_limit);
          return;
        }
        state.cases.push(box.value);
      } else if (!box.checked && i >= 0) {
        state.cases.splice(i, 1);
      }
      say(state.cases.length === 1 ? t.js_pick_more : "");
      renderSide();
      writeUrl();
    });
    if (side) {
      side.querySelector(".cb-side-close").addEventListener("click", function () {
        state.cases = [];
        renderSide();
        writeUrl();
        var first = rows.length && rows[0].box;
        if (first) first.focus();
      });
    }

    // ---- state <-> form <-> URL ----------------------------------------------------------------------
    function year(v) {
      var n = parseInt(v, 10);
      return isNaN(n) ? null : n;
    }
    function readForm() {
      if (!form) return;
      FACETS.forEach(function (name) {
        var el = form.elements[name];
        state.f[name] = el ? el.value : "";
      });
      state.from = form.elements.from ? year(form.elements.from.value) : null;
      state.to = form.elements.to ? year(form.elements.to.value) : null;
      state.hide = [];
      Array.prototype.forEach.call(form.querySelectorAll('input[name="col"]'), function (box) {
        if (!box.checked) state.hide.push(box.value);
      });
    }
    function writeForm() {
      if (!form) return;
      FACETS.forEach(function (name) {
        var el = form.elements[name];
        if (el) {
          el.value = state.f[name] || "";
          if (el.value !== (state.f[name] || "")) state.f[name] = "";  // a value the list does not offer
        }
      });
      if (form.elements.from) form.elements.from.value = state.from === null ? "" : state.from;
      if (form.elements.to) form.elements.to.value = state.to === null ? "" : state.to;
      Array.prototype.forEach.call(form.querySelectorAll('input[name="col"]'), function (box) {
        box.checked = state.hide.indexOf(box.value) < 0;
      });
    }
    function readUrl() {
      var q = new URLSearchParams(location.search);
      FACETS.forEach(function (name) { state.f[name] = q.get(name) || ""; });
      state.from = year(q.get("from"));
      state.to = year(q.get("to"));
      state.sort = cols.indexOf(q.get("sort")) >= 0 ? q.get("sort") : "";
      state.dir = q.get("dir") === "desc" ? "desc" : "asc";
      state.hide = (q.get("hide") || "").split(",").filter(function (c) { return c && cols.indexOf(c) > 0; });
      state.cases = (q.get("cases") || "").split(",").filter(Boolean).slice(0, MAX_PICK);
    }
    // history.replaceState saves the scroll position, which forces a layout of the changed table: the URL is
    // written after the next frame, once the browser has laid the page out anyway.
    var urlPending = false;
    function writeUrl() {
      if (urlPending) return;
      urlPending = true;
      requestAnimationFrame(function () {
        setTimeout(function () {
          urlPending = false;
          writeUrlNow();
        }, 0);
      });
    }
    function writeUrlNow() {
      var q = new URLSearchParams(location.search);
      FACETS.forEach(function (name) { if (state.f[name]) q.set(name, state.f[name]); else q.delete(name); });
      [["from", state.from], ["to", state.to]].forEach(function (p) { if (p[1] !== null) q.set(p[0], p[1]); else q.delete(p[0]); });
      if (state.sort) { q.set("sort", state.sort); q.set("dir", state.dir); } else { q.delete("sort"); q.delete("dir"); }
      if (state.hide.length) q.set("hide", state.hide.join(",")); else q.delete("hide");
      if (state.cases.length) q.set("cases", state.cases.join(",")); else q.delete("cases");
      var s = q.toString().replace(/%2C/g, ",");
      var url = location.pathname + (s ? "?" + s : "") + location.hash;
      if (url !== location.pathname + location.search + location.hash) history.replaceState(history.state, "", url);
    }

    if (form) {
      form.hidden = false;
      form.addEventListener("submit", function (e) { e.preventDefault(); });
      form.addEventListener("change", function (e) {
        if (e.target.name === "col") {
          readForm();
          showColumns();
          renderSide();
          writeUrl();
          return;
        }
        readForm();
        state.more = 0;
        apply();
      });
      form.addEventListener("reset", function () {
        setTimeout(function () {
          readForm();
          state.more = 0;
          showColumns();
          renderSide();
          apply();
        }, 0);
      });
    }
    if (more) {
      more.addEventListener("click", function () {
        state.more++;
        apply();
      });
    }

    // ---- the rows of the other static pages ----------------------------------------------------------
    function adopt(html, base) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var found = doc.querySelectorAll("table[data-cb-meta] tbody tr");
      Array.prototype.forEach.call(found, function (tr) {
        Array.prototype.forEach.call(tr.querySelectorAll("a[href]"), function (a) {
          a.setAttribute("href", new URL(a.getAttribute("href"), base).href);
        });
        record(document.adoptNode(tr));  // kept out of the table until a view shows it
      });
    }
    function loadOthers() {
      var others = pages.slice(1).map(function (href) { return new URL(href, location.href).href; });
      if (!others.length) return Promise.resolve();
      var total = parseInt(root.getAttribute("data-total"), 10) || 0;
      say(fmt("js_loading", { n: rows.length, total: total }));
      // Fetched together, adopted one page at a time in order, yielding between pages so the page stays responsive.
      var texts = others.map(function (u) {
        return fetch(u, { credentials: "same-origin" }).then(function (res) {
          return res.ok ? res.text() : null;
        }, function () { return null; });
      });
      var chain = Promise.resolve();
      texts.forEach(function (text, i) {
        chain = chain.then(function () { return text; }).then(function (html) {
          if (html === null) throw new Error("could not load " + others[i]);
          adopt(html, others[i]);
          say(fmt("js_loading", { n: rows.length, total: total }));
          return new Promise(function (r) { setTimeout(r, 0); });
        });
      });
      return chain.then(function () {
        if (pager) pager.hidden = true;
        say("");
      }, function () {
        say("");  // the static pages stay reachable through the pager
      });
    }

    readUrl();
    writeForm();
    showColumns();
    sortRows();
    apply();
    renderSide();
    loadOthers().then(function () {
      sortRows();
      apply();
      renderSide();
    });
    window.casebookCompare = { apply: apply, state: state, rows: rows };
  }

  // In print, the matrices show every cell's wording.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll(".cb-matrix details:not([open])"), function (d) {
      d.open = true;
      return true;
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });

  function start() {
    var root = document.querySelector("[data-cb-compare]");
    if (root) init(root);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
