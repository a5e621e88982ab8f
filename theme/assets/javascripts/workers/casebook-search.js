/* Casebook's search worker: Material's own worker, plus accent folding.
 *
 * Loaded as `casebook-search.js?material=<Material's worker file>` from the same folder as Material's worker (so
 * its relative "../lunr" paths still resolve). Before Material builds its lunr index, a folding step is put first
 * in the indexing and the query pipelines: "imputabilite" finds "imputabilité", "oeuvre" finds "œuvre". Results
 * and highlights still show the original text (lunr keeps token positions). */
(function () {
  "use strict";
  var material = new URL(self.location.href).searchParams.get("material") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(material)) {
    throw new Error("casebook-search: missing or unexpected ?material= worker name");
  }
  importScripts(material);

  var lunr = self.lunr;
  function fold(text) {
    return String(text)
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe").replace(/Œ/g, "OE").replace(/æ/g, "ae").replace(/Æ/g, "AE");
  }
  function foldToken(token) {
    return token.update(function (s) { return fold(s); });
  }
  lunr.Pipeline.registerFunction(foldToken, "casebookFold");

  // Material calls builder.ref() once, after setting up its pipelines and before adding documents.
  var ref = lunr.Builder.prototype.ref;
  lunr.Builder.prototype.ref = function () {
    if (this.pipeline._stack.indexOf(foldToken) < 0) {
      this.pipeline._stack.unshift(foldToken);
      this.searchPipeline._stack.unshift(foldToken);
    }
    return ref.apply(this, arguments);
  };
  // Terms with a wildcard skip lunr's query pipeline: fold the query string itself too.
  var search = lunr.Index.prototype.search;
  lunr.Index.prototype.search = function (query) {
    return search.call(this, fold(query));
  };
})();
