"""The bibliography page of one language: its body, its list of references and one search entry per reference.

The list is made apart from the body, which holds :data:`LIST_MARK` where the list goes: an adapter can then hand the
theme and the search indexer a small page and put the list (megabytes with thousands of works) in afterwards.
No MkDocs import: the adapter hands in the Jinja environment, the works, where each is cited and the page's URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from ..base.i18n import lang_of_url, site_languages
from ..base.ui import tr, ui_string
from ..bibliography.apa import APA, CiteItem
from ..bibliography.exports import shared_exports
from ..bibliography.model import Bibliography
from .site import rel

LIST_MARK = "<!-- casebook:bibliography-list -->"


def render_bibliography_page(env: Any, bib: Bibliography, apa: APA, *, url: str, lang: str,
                             cited_in: Mapping[str, Mapping[str, str]], title_lang: Mapping[str, str],
                             cases_of: Mapping[tuple[str, str], set[str]], case_titles: dict[str, tuple[str, str]],
                             download: str, export_names: tuple[str, str]) -> tuple[str, str, list[dict[str, str]]]:
    """The page body with :data:`LIST_MARK` where the list goes, the list, and a search entry per reference.

    ``cited_in`` maps a work to the pages citing it (URL -> title), ``title_lang`` a citing page to its title's
    language where it is not the page's, ``cases_of`` a (work, language) to the ids of the cases listing it;
    ``download`` is the BibTeX file's link from the page, ``export_names`` the CSL-JSON and RIS files' names."""
    entries: list[dict[str, Any]] = []
    docs: list[dict[str, str]] = []
    exports = shared_exports(bib)
    link: dict[str, str] = {}  # citing page -> relative link (a few hundred pages, cited 10,000s of times)
    for key in apa.sorted_keys():
        ref = bib.refs[key]
        where = []
        for page_url_, title in cited_in.get(key, {}).items():
            if page_url_ not in link:
                link[page_url_] = rel(url, page_url_) if lang_of_url(page_url_) == lang else ""
            if link[page_url_]:
                where.append((f"{link[page_url_]}#ref-{key}", title, title_lang.get(page_url_, "")))
        where.sort(key=lambda x: (x[1], x[0]))  # by title: the same whatever order the pages were seen in
        html = apa.reference(key, lang)
        entries.append({"key": key, "html": html, "ref": ref, "where": where, "coins": exports.coins(key),
                        "cases": sorted(cases_of.get((key, lang), ())), "type": type_group(ref.type)})
        names, year = apa.cite_text(CiteItem(key), lang, narrative=True)
        docs.append({"location": f"{url}#ref-{key}", "title": f"{names} ({year})", "text": html.striptags()})
    t = lambda k: tr(lang, k)  # noqa: E731
    listing = env.get_template("casebook/bibliography_list.html").render(entries=entries, lang=lang, tr=t)
    intro = env.get_template("casebook/bibliography.html").render(
        entries=entries, lang=lang, tr=t, case_titles=case_titles, download=download,
        downloads=[(t(label), rel(url, f"bibliography/{name}"))
                   for label, name in zip(("download_csl", "download_ris"), export_names, strict=True)],
        types=sorted({str(e["type"]) for e in entries}), list_html=Markup(LIST_MARK),
        languages=work_languages({e["ref"].lang for e in entries}, lang))
    return str(intro), str(listing), docs


def work_languages(codes: set[str], lang: str) -> list[tuple[str, str, str]]:
    """The bibliography's language filter, on a page in ``lang``: the languages its works are in (the site's first, in
    its order, then the others), each ``(code, name, the name's language)``: the name in ``lang`` (``lang_es``, a
    string of the page's language), else the language's own name (``language_name`` of a site language), else its
    code."""
    site = site_languages().codes
    out = []
    for code in sorted(x for x in codes if x):
        named = ui_string(lang, f"lang_{code}")
        if named:
            out.append((code, named, lang))
        elif code in site:
            out.append((code, tr(code, "language_name"), code))
        else:
            out.append((code, code, ""))
    return sorted(out, key=lambda x: (site.index(x[0]) if x[0] in site else len(site), x[0]))


def type_group(etype: str) -> str:
    """The group of the bibliography's type filter that a BibTeX entry type falls in."""
    return {"inbook": "incollection", "mastersthesis": "phdthesis", "thesis": "phdthesis", "techreport": "report",
            "unpublished": "misc", "collection": "book", "inproceedings": "incollection"}.get(etype, etype)
