// Casebook compare page: filters, sorting, views, row details and a side-by-side view over the static tables.
// Progressive enhancement only: without JavaScript the page has the compact table (one row a case, short cells) and
// the full meta-matrix after it (with static pages past the first rows). Every view is kept in the query string,
// so its URL restores it:
//   ?<filter>=… (this site: sector, level, type, mode, regime)&from=YYYY&to=YYYY&undated=0&view=summary|context|…|all
//   &sort=<column>&dir=asc|desc&hide=<col,…>&cases=<id,…>&diff=1
// A facet a case leaves empty has the value "unstated" (not stated in the source), which the filters offer and count.
// Speed: row data (facets, years) is read once. Only the matching rows shown (at most `data-limit` at a time, 10 by
// default; a "show more" button adds the next ones) are in the table: the others are kept out of the document, so a
// filter costs the style, layout and paint of a few rows whatever the number of cases.
(function () {
  "use strict";
  var MAX_PICK = 4;
  var UNSTATED = "unstated";
  var slice = Array.prototype.slice;

  function words(text) { return (text || "").split(" ").filter(Boolean); }

  function init(root) {
    // The site's declared filters and column groups (its casebook.yml), written by the page.
    var FACETS = words(root.getAttribute("data-facets"));
    var PERIOD = FACETS.length;  // bit of the period filter in a row's mask of failed filters
    var VIEWS = words(root.getAttribute("data-views"));
    var table = root.querySelector("table[data-cb-meta]");
    var sum = root.querySelector("table[data-cb-summary]");
    if (!table || !sum || !table.tBodies.length || !table.tHead || !sum.tHead) return;
    var tbody = table.tBodies[0], sbody = sum.tBodies[0];
    var form = root.querySelector(".cb-compare-controls");
    var none = root.querySelector(".cb-none");
    var side = root.querySelector(".cb-side");
    var sideBody = side && side.querySelector(".cb-side-body");
    var sideNote = side && side.querySelector(".cb-side-note");
    var sideTitle = side && side.querySelector(".cb-side-title");
    var diffBox = side && side.querySelector(".cb-diff");
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
    var headers = slice.call(headRow.cells);
    var cols = headers.map(function (th) { return th.getAttribute("data-d"); });
    var groupOf = headers.map(function (th) { return th.getAttribute("data-g") || ""; });
    var dimLabels = headers.map(function (th) { return th.textContent.replace(/\s+/g, " ").trim(); });
    var groupLabels = {};
    if (groupRow) slice.call(groupRow.querySelectorAll("th[data-g]")).forEach(function (th) { groupLabels[th.getAttribute("data-g")] = th.textContent.trim(); });
    var sumHeaders = slice.call(sum.tHead.rows[0].cells);
    var rows = [];  // one record a row: {id, tr, s, f: {facet: [ids]}, from, to, keys, box, sbox, open, detail}
    var order = [];  // rows in display order
    var byId = {};
    var state = { f: {}, from: null, to: null, undated: true, view: "summary", sort: "", dir: "asc", hide: [], cases: [],
                  diff: false, more: 0 };
    var style = document.createElement("style");
    document.head.appendChild(style);
    var selects = {}, optionsOf = {}, undatedLabel = form && form.querySelector(".cb-undated-label");
    FACETS.forEach(function (name) {
      var el = form && form.elements[name];
      if (el && el.tagName === "SELECT") {
        selects[name] = el;
        optionsOf[name] = slice.call(el.options).filter(function (o) { return o.hasAttribute("data-term"); });
      }
    });

    function fmt(key, values) {
      return (t[key] || key).replace(/\{(\w+)\}/g, function (_, k) { return values[k] !== undefined ? values[k] : ""; });
    }
    function say(text) {
      if (!status) return;
      status.hidden = !text;
      status.textContent = text || "";
    }
    function el(tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text) e.textContent = text;
      return e;
    }
    function pickBox(r, label) {
      var box = el("input", "cb-pick");
      box.type = "checkbox";
      box.value = r.id;
      if (!label) box.setAttribute("aria-label", fmt("js_pick", { "case": r.name }));
      return box;
    }

    // ---- rows ----------------------------------------------------------------------------------------
    function record(tr, str) {
      var r = { tr: tr, s: str || null, id: tr.getAttribute("data-id"), f: {}, keys: {}, from: null, to: null, open: false, detail: null };
      FACETS.forEach(function (name) {
        var v = tr.getAttribute("data-" + name);
        r.f[name] = v ? v.split(" ") : [UNSTATED];
      });
      var from = tr.getAttribute("data-from"), to = tr.getAttribute("data-to");
      r.from = from ? parseInt(from, 10) : null;
      r.to = to ? parseInt(to, 10) : null;
      var th = tr.cells[0];
      r.name = th.textContent.trim();
      r.box = pickBox(r);
      th.insertBefore(r.box, th.firstChild);
      var tools = str && str.cells[0].querySelector(".cb-tools");
      if (tools) {
        // "Compare" and "Details" under the case's name: the room is kept in the HTML, so nothing moves.
        var label = el("label", "cb-pick-label");
        r.sbox = pickBox(r, true);
        label.appendChild(r.sbox);
        label.appendChild(document.createTextNode(" " + (t.js_pick_short || "")));
        label.appendChild(el("span", "cb-sr", " " + r.name));
        tools.appendChild(label);
        var button = el("button", "cb-expand", t.js_details);
        button.type = "button";
        button.setAttribute("aria-expanded", "false");
        button.setAttribute("aria-controls", "detail-" + r.id);
        button.appendChild(el("span", "cb-sr", " " + r.name));
        button.value = r.id;
        tools.appendChild(button);
        r.expand = button;
      }
      rows.push(r);
      order.push(r);
      byId[r.id] = r;
      return r;
    }
    var pairs = {};
    slice.call(sbody.rows).forEach(function (s) { pairs[s.getAttribute("data-row")] = s; });
    slice.call(tbody.rows).forEach(function (tr) { record(tr, pairs[tr.getAttribute("data-id")]); });

    function periodOk(r) {
      if (r.from === null) return state.undated;  // undated cases are a choice of their own, never dropped silently
      if (state.to !== null && r.from > state.to) return false;
      return !(state.from !== null && r.to !== null && r.to < state.from);  // no end: still running
    }
    function failed(r) {  // a bit for each filter the row does not pass
      var m = 0;
      for (var i = 0; i < FACETS.length; i++) {
        var want = state.f[FACETS[i]];
        if (want && r.f[FACETS[i]].indexOf(want) < 0) m |= 1 << i;
      }
      if (!periodOk(r)) m |= 1 << PERIOD;
      return m;
    }

    var shown = [], shownBody = null;  // the elements in the table, in order, and the table's body they are in
    function apply() {
      var cap = limit * (1 + state.more), matched = 0, next = [], counts = {}, relax = {}, undatedN = 0;
      FACETS.forEach(function (name) { counts[name] = {}; });
      for (var i = 0; i < order.length; i++) {
        var r = order[i], m = failed(r);
        if (!m) {
          matched++;
          if (matched <= cap) next.push(r);
        } else if (!(m & (m - 1))) {
          relax[m] = (relax[m] || 0) + 1;  // rows that this one filter alone keeps out
        }
        // Each value's count: the rows that pass every other filter (what choosing the value would show).
        for (var k = 0; k < FACETS.length; k++) {
          if (m & ~(1 << k)) continue;
          var vals = r.f[FACETS[k]], c = counts[FACETS[k]];
          for (var v = 0; v < vals.length; v++) c[vals[v]] = (c[vals[v]] || 0) + 1;
        }
        if (r.from === null && !(m & ~(1 << PERIOD))) undatedN++;
      }
      var summary = state.view === "summary", body = summary ? sbody : tbody, els = [];
      next.forEach(function (r) {
        if (!summary) { els.push(r.tr); return; }
        if (r.s) els.push(r.s);
        if (r.s && r.open) els.push(detailOf(r));
      });
      var same = body === shownBody && els.length === shown.length;
      for (var j = 0; same && j < els.length; j++) same = els[j] === shown[j];
      if (!same) {
        if (shownBody && shownBody !== body) shownBody.textContent = "";
        var frag = document.createDocumentFragment();
        els.forEach(function (e) { frag.appendChild(e); });
        body.textContent = "";
        body.appendChild(frag);
        shown = els;
        shownBody = body;
      }
      if (form && form.elements.count) form.elements.count.value = fmt("js_count", { shown: matched, total: rows.length });
      showCounts(counts, undatedN);
      hint(matched, relax);
      if (more) {
        var left = matched - cap;
        more.hidden = left <= 0;
        if (left > 0) more.textContent = fmt("js_more", { n: Math.min(limit, left) });
      }
      writeUrl();
    }

    function showCounts(counts, undatedN) {
      FACETS.forEach(function (name) {
        (optionsOf[name] || []).forEach(function (o) {
          var text = o.getAttribute("data-term") + " (" + (counts[name][o.value] || 0) + ")";
          if (o.textContent !== text) o.textContent = text;
        });
      });
      if (undatedLabel) {
        var text = fmt("js_undated_n", { n: undatedN });
        if (undatedLabel.textContent !== text) undatedLabel.textContent = text;
      }
    }

    // ---- zero results: which filter to relax ----------------------------------------------------------
    function filterLabel(bit) {
      var colon = t.js_colon || ": ";
      if (bit === PERIOD) {
        var range = state.from !== null || state.to !== null ? (state.from !== null ? state.from : "…") + "–" + (state.to !== null ? state.to : "…") : "";
        var words = [range, state.undated ? "" : t.js_no_undated].filter(Boolean).join(", ");
        return t.js_period + colon + words;
      }
      var sel = selects[FACETS[bit]], o = sel && sel.options[sel.selectedIndex];
      var name = sel ? sel.parentNode.firstChild.textContent.trim() : FACETS[bit];
      return name + colon + (o ? o.getAttribute("data-term") || o.textContent : state.f[FACETS[bit]]);
    }
    function active() {
      var out = [];
      FACETS.forEach(function (name, i) { if (state.f[name]) out.push(i); });
      if (state.from !== null || state.to !== null || !state.undated) out.push(PERIOD);
      return out;
    }
    var hinted = "";
    function hint(matched, relax) {
      if (!none) return;
      var list = matched ? [] : active();
      var key = list.map(function (b) { return b + ":" + (relax[1 << b] || 0); }).join(",") + "|" + JSON.stringify(state.f) + state.from + state.to + state.undated;
      if (key === hinted) return;
      hinted = key;
      none.textContent = "";
      none.hidden = !list.length;
      if (!list.length) return;
      list.sort(function (a, b) { return (relax[1 << b] || 0) - (relax[1 << a] || 0); });
      var p = el("p");
      p.appendChild(el("strong", "", t.js_none));
      p.appendChild(document.createTextNode(" " + t.js_relax));
      none.appendChild(p);
      var ul = el("ul");
      list.forEach(function (bit) {
        var n = relax[1 << bit] || 0;
        var b = el("button", "md-button cb-relax", fmt(n === 1 ? "js_relax_button_1" : "js_relax_button", { filter: filterLabel(bit), n: n }));
        b.type = "button";
        b.setAttribute("data-bit", bit);
        var li = el("li");
        li.appendChild(b);
        ul.appendChild(li);
      });
      none.appendChild(ul);
    }
    if (none) {
      none.addEventListener("click", function (e) {
        var b = e.target.closest && e.target.closest("button[data-bit]");
        if (!b || !form) return;
        var bit = parseInt(b.getAttribute("data-bit"), 10), focus;
        if (bit === PERIOD) {
          if (form.elements.from) form.elements.from.value = "";
          if (form.elements.to) form.elements.to.value = "";
          if (form.elements.undated) form.elements.undated.checked = true;
          focus = form.elements.from || form.elements.undated;
        } else {
          focus = selects[FACETS[bit]];
          if (focus) focus.value = "";
        }
        readForm();
        state.more = 0;
        apply();
        if (focus) focus.focus();
      });
    }

    // ---- sorting -------------------------------------------------------------------------------------
    function sortKey(r, col) {
      if (col in r.keys) return r.keys[col];
      var idx = cols.indexOf(col), kind = headers[idx].getAttribute("data-sort"), cell = r.tr.cells[idx], key;
      if (kind === "count") key = cell.getElementsByTagName("li").length;
      else if (kind === "date") key = cell.getAttribute("data-s") || "";
      else if (cell.querySelector(".cb-unstated")) key = "";  // not stated: last, whichever the direction
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
      headers.concat(sumHeaders).forEach(function (th) {
        if (th.getAttribute("data-d") === col) th.setAttribute("aria-sort", state.dir === "desc" ? "descending" : "ascending");
        else th.removeAttribute("aria-sort");
      });
    }

    headers.concat(sumHeaders).forEach(function (th) {
      var col = th.getAttribute("data-d");
      if (!th.getAttribute("data-sort") || cols.indexOf(col) < 0) return;
      var button = el("button", "cb-sort");
      button.type = "button";
      while (th.firstChild) button.appendChild(th.firstChild);
      button.title = fmt("js_sort", { col: button.textContent.trim() });
      if (!button.querySelector(".cb-sort-arrow")) {
        var arrow = el("span", "cb-sort-arrow");
        arrow.setAttribute("aria-hidden", "true");
        button.appendChild(arrow);
      }
      th.appendChild(button);
      button.addEventListener("click", function () {
        if (state.sort === col) state.dir = state.dir === "asc" ? "desc" : "asc";
        else { state.sort = col; state.dir = "asc"; }
        sortRows();
        apply();
      });
    });

    // ---- views and columns ---------------------------------------------------------------------------
    function hidden(i) {
      return i > 0 && (state.hide.indexOf(cols[i]) >= 0 || (state.view !== "all" && state.view !== "summary" && groupOf[i] !== state.view));
    }
    function showColumns() {
      var rules = [];
      cols.forEach(function (col, i) {
        if (hidden(i)) rules.push("[data-cb-meta] tbody tr > :nth-child(" + (i + 1) + "), [data-cb-meta] thead tr:last-child > :nth-child(" + (i + 1) + ")");
      });
      style.textContent = rules.length ? rules.join(",\n") + " { display: none; }" : "";
      if (groupRow) {
        slice.call(groupRow.querySelectorAll("th[data-g]")).forEach(function (th) {
          var g = th.getAttribute("data-g"), n = 0;
          cols.forEach(function (_, i) { if (groupOf[i] === g && !hidden(i)) n++; });
          th.hidden = n === 0;
          if (n) th.colSpan = n;
        });
      }
      root.classList.toggle("cb-view-full", state.view !== "summary");
    }

    // ---- a row's details: every dimension's text, under the compact row -------------------------------
    function cellCopy(src, dest) {
      for (var n = src.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === 1 && n.classList.contains("cb-pick")) continue;
        dest.appendChild(n.cloneNode(true));
      }
      if (!dest.firstChild) dest.textContent = "—";
      return dest;
    }
    function detailOf(r) {
      if (r.detail) return r.detail;
      var tr = el("tr", "cb-detail");
      tr.id = "detail-" + r.id;
      var td = tr.insertCell();
      td.colSpan = sumHeaders.length;
      var group = null, dl = null;
      cols.forEach(function (col, i) {
        if (i === 0) return;
        if (groupOf[i] !== group) {
          group = groupOf[i];
          var box = el("div", "cb-detail-group");
          box.appendChild(el("p", "cb-detail-title", groupLabels[group] || ""));
          dl = el("dl");
          box.appendChild(dl);
          td.appendChild(box);
        }
        dl.appendChild(el("dt", "", dimLabels[i]));
        dl.appendChild(cellCopy(r.tr.cells[i], el("dd", r.tr.cells[i].className)));
      });
      r.detail = tr;
      return tr;
    }
    sbody.addEventListener("click", function (e) {
      var b = e.target.closest && e.target.closest("button.cb-expand");
      if (!b) return;
      var r = byId[b.value];
      if (!r) return;
      r.open = !r.open;
      b.setAttribute("aria-expanded", String(r.open));
      if (r.open) r.s.parentNode.insertBefore(detailOf(r), r.s.nextSibling);
      else if (r.detail && r.detail.parentNode) r.detail.parentNode.removeChild(r.detail);
      shown = [];  // the next apply() rebuilds the body with the details where they are
    });

    // ---- side by side: the cases as columns, the dimensions as rows ----------------------------------
    var sideWrap = null, sideCue = null, cueFrame = 0;
    function cue() {
      cueFrame = 0;
      if (!sideWrap || !sideCue) return;
      var right = sideWrap.getBoundingClientRect().right + 1, k = 0;
      slice.call(sideWrap.querySelectorAll("thead th")).forEach(function (th) {
        var box = th.getBoundingClientRect();
        if (box.left + box.width / 2 > right) k++;
      });
      sideCue.hidden = !k;
      if (k) sideCue.textContent = k === 1 ? t.js_more_case_1 : fmt("js_more_cases", { n: k });
    }
    function renderSide(reveal) {
      if (!side) return;
      var picked = state.cases.filter(function (id) { return byId[id]; });
      rows.forEach(function (r) {
        var on = picked.indexOf(r.id) >= 0, off = !on && picked.length >= MAX_PICK;
        [r.box, r.sbox].forEach(function (b) {
          if (!b) return;
          b.checked = on;
          b.disabled = off;
        });
      });
      if (diffBox) diffBox.checked = state.diff;
      if (picked.length < 2) {
        side.hidden = true;
        sideBody.textContent = "";
        sideWrap = sideCue = null;
        return;
      }
      var n = picked.length;
      var tbl = el("table", "cb-table cb-side-table" + (state.diff ? " cb-diff-on" : ""));
      tbl.style.setProperty("--cb-n", n);
      tbl.createCaption().appendChild(el("span", "cb-sr", sideTitle.textContent));
      var head = tbl.createTHead().insertRow();
      picked.forEach(function (id, k) {
        var th = el("th");
        th.scope = "col";
        th.id = "side-c" + k;
        var link = byId[id].tr.cells[0].querySelector("a");
        th.appendChild(link ? link.cloneNode(true) : document.createTextNode(id));
        head.appendChild(th);
      });
      var sameN = 0, sharedN = 0;
      cols.forEach(function (col, i) {
        if (i === 0 || state.hide.indexOf(col) >= 0) return;
        var tb = tbl.createTBody();
        tb.setAttribute("data-d", col);
        var th = el("th", "cb-side-dim");
        th.scope = "rowgroup";
        th.colSpan = n;
        th.id = "side-d" + i;
        th.appendChild(el("span", "", dimLabels[i]));
        tb.insertRow().appendChild(th);
        var tr = tb.insertRow(), cells = [], texts = [];
        picked.forEach(function (id, k) {
          var src = byId[id].tr.cells[i];
          var td = cellCopy(src, el("td", src.className));
          td.setAttribute("headers", "side-c" + k + " side-d" + i);
          tr.appendChild(td);
          cells.push(td);
          texts.push(td.textContent.replace(/\s+/g, " ").trim());
        });
        var same = texts.every(function (x) { return x === texts[0]; });
        if (same) {
          tb.className = "cb-same";
          sameN++;
          if (state.diff) tb.hidden = true;
        } else if (state.diff) {
          // Facet values (concept links) every chosen case gives: marked, in words too.
          var sets = cells.map(function (td) {
            var s = {};
            slice.call(td.querySelectorAll("a.cb-concept")).forEach(function (a) { s[a.getAttribute("href")] = true; });
            return s;
          });
          cells.forEach(function (td) {
            slice.call(td.querySelectorAll("a.cb-concept")).forEach(function (a) {
              var href = a.getAttribute("href");
              if (sets.every(function (s) { return s[href]; })) {
                a.classList.add("cb-shared");
                a.appendChild(el("span", "cb-sr", " (" + t.js_shared + ")"));
                sharedN++;
              }
            });
          });
        }
      });
      sideBody.textContent = "";
      sideCue = el("button", "cb-side-cue");
      sideCue.type = "button";
      sideCue.hidden = true;
      sideWrap = el("div", "cb-side-scroll");
      sideWrap.appendChild(tbl);
      sideBody.appendChild(sideCue);
      sideBody.appendChild(sideWrap);
      sideCue.addEventListener("click", function () {
        var th = sideWrap.querySelector("thead th");
        sideWrap.scrollLeft += th ? th.offsetWidth : sideWrap.clientWidth / 2;
      });
      sideWrap.addEventListener("scroll", function () { if (!cueFrame) cueFrame = requestAnimationFrame(cue); }, { passive: true });
      if (sideNote) {
        var words = state.diff ? [sameN ? fmt("js_same_hidden", { n: sameN }) : t.js_same_none, sharedN ? t.js_shared_legend : ""] : [];
        sideNote.textContent = words.filter(Boolean).join(" ");
        sideNote.hidden = !sideNote.textContent;
      }
      side.hidden = false;
      if (reveal) {
        // Where the reader is: the panel is scrolled into view and its heading takes the focus. On opening a shared
        // address, a frame after the panel is shown: it then moves nothing in view (no layout shift).
        var go = function () {
          side.scrollIntoView({ block: "start" });
          sideTitle.focus({ preventScroll: true });
        };
        if (reveal === "later") requestAnimationFrame(function () { requestAnimationFrame(go); }); else go();
      }
      if (!cueFrame) cueFrame = requestAnimationFrame(cue);
    }
    window.addEventListener("resize", function () { if (!cueFrame) cueFrame = requestAnimationFrame(cue); });

    var lastBox = null;
    function onPick(e) {
      var box = e.target;
      if (!box.classList || !box.classList.contains("cb-pick")) return;
      lastBox = box;
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
      renderSide(box.checked && state.cases.length >= 2);
      writeUrl();
    }
    tbody.addEventListener("change", onPick);
    sbody.addEventListener("change", onPick);
    if (side) {
      side.querySelector(".cb-side-close").addEventListener("click", function () {
        state.cases = [];
        renderSide(false);
        writeUrl();
        var back = lastBox && document.body.contains(lastBox) && lastBox.offsetParent ? lastBox : null;
        if (!back) {
          var first = state.view === "summary" ? sbody.querySelector(".cb-pick") : tbody.querySelector(".cb-pick");
          back = first;
        }
        if (back) back.focus();
      });
      if (diffBox) {
        diffBox.addEventListener("change", function () {
          state.diff = diffBox.checked;
          var x = sideWrap ? sideWrap.scrollLeft : 0;
          renderSide(false);
          if (sideWrap) sideWrap.scrollLeft = x;
          writeUrl();
        });
      }
    }

    // ---- state <-> form <-> URL ----------------------------------------------------------------------
    function year(v) {
      var n = parseInt(v, 10);
      return isNaN(n) ? null : n;
    }
    function readForm() {
      if (!form) return;
      FACETS.forEach(function (name) { state.f[name] = selects[name] ? selects[name].value : ""; });
      state.from = form.elements.from ? year(form.elements.from.value) : null;
      state.to = form.elements.to ? year(form.elements.to.value) : null;
      state.undated = form.elements.undated ? form.elements.undated.checked : true;
      var v = form.querySelector('input[name="view"]:checked');
      state.view = v ? v.value : "summary";
      state.hide = [];
      slice.call(form.querySelectorAll('input[name="col"]')).forEach(function (box) {
        if (!box.checked) state.hide.push(box.value);
      });
    }
    function writeForm() {
      if (!form) return;
      FACETS.forEach(function (name) {
        var sel = selects[name];
        if (sel) {
          sel.value = state.f[name] || "";
          if (sel.value !== (state.f[name] || "")) state.f[name] = "";  // a value the list does not offer
        } else {
          state.f[name] = "";
        }
      });
      if (form.elements.from) form.elements.from.value = state.from === null ? "" : state.from;
      if (form.elements.to) form.elements.to.value = state.to === null ? "" : state.to;
      if (form.elements.undated) form.elements.undated.checked = state.undated;
      slice.call(form.querySelectorAll('input[name="view"]')).forEach(function (radio) { radio.checked = radio.value === state.view; });
      slice.call(form.querySelectorAll('input[name="col"]')).forEach(function (box) {
        box.checked = state.hide.indexOf(box.value) < 0;
      });
    }
    function readUrl() {
      var q = new URLSearchParams(location.search);
      FACETS.forEach(function (name) { state.f[name] = q.get(name) || ""; });
      state.from = year(q.get("from"));
      state.to = year(q.get("to"));
      state.undated = q.get("undated") !== "0";
      state.view = VIEWS.indexOf(q.get("view")) >= 0 ? q.get("view") : "summary";
      state.sort = cols.indexOf(q.get("sort")) >= 0 ? q.get("sort") : "";
      state.dir = q.get("dir") === "desc" ? "desc" : "asc";
      state.hide = (q.get("hide") || "").split(",").filter(function (c) { return c && cols.indexOf(c) > 0; });
      state.cases = (q.get("cases") || "").split(",").filter(Boolean).slice(0, MAX_PICK);
      state.diff = q.get("diff") === "1";
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
      function put(name, value) { if (value !== null && value !== "" && value !== false) q.set(name, value); else q.delete(name); }
      FACETS.forEach(function (name) { put(name, state.f[name]); });
      put("from", state.from);
      put("to", state.to);
      put("undated", state.undated ? "" : "0");
      put("view", state.view === "summary" ? "" : state.view);
      if (state.sort) { q.set("sort", state.sort); q.set("dir", state.dir); } else { q.delete("sort"); q.delete("dir"); }
      put("hide", state.hide.join(","));
      put("cases", state.cases.join(","));
      put("diff", state.diff && state.cases.length ? "1" : "");
      var s = q.toString().replace(/%2C/g, ",");
      var url = location.pathname + (s ? "?" + s : "") + location.hash;
      if (url !== location.pathname + location.search + location.hash) history.replaceState(history.state, "", url);
    }

    if (form) {
      form.hidden = false;
      form.addEventListener("submit", function (e) { e.preventDefault(); });
      form.addEventListener("change", function (e) {
        readForm();
        if (e.target.name === "col" || e.target.name === "view") {
          showColumns();
          if (e.target.name === "col") renderSide(false);
          shown = [];
          apply();
          return;
        }
        state.more = 0;
        apply();
      });
      form.addEventListener("reset", function () {
        setTimeout(function () {
          readForm();
          state.more = 0;
          showColumns();
          renderSide(false);
          shown = [];
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
      var found = {};
      slice.call(doc.querySelectorAll("table[data-cb-summary] tbody tr[data-row]")).forEach(function (s) { found[s.getAttribute("data-row")] = s; });
      slice.call(doc.querySelectorAll("table[data-cb-meta] tbody tr")).forEach(function (tr) {
        var s = found[tr.getAttribute("data-id")];
        [tr, s].forEach(function (row) {
          if (!row) return;
          slice.call(row.querySelectorAll("a[href]")).forEach(function (a) {
            a.setAttribute("href", new URL(a.getAttribute("href"), base).href);
          });
        });
        record(document.adoptNode(tr), s ? document.adoptNode(s) : null);  // kept out of the table until a view shows it
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
    var revealed = state.cases.length >= 2 && state.cases.every(function (id) { return byId[id]; });
    renderSide(revealed && "later");  // a shared address opens with the side-by-side view in sight
    loadOthers().then(function () {
      sortRows();
      apply();
      renderSide(!revealed && state.cases.length >= 2 && "later");
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
