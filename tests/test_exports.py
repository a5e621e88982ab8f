"""COinS, CSL-JSON and RIS made from parsed BibTeX.

Expected values are read off the BibTeX written in each test (or the .bib file itself), never off the output:
the COinS are parsed back the way Zotero's connector does (``Zotero.OpenURL.parseContextObject``: split on ``&``
and ``=``, then percent-decode; the format and ``rft.genre`` give the item type) and compared field by field.
"""

from __future__ import annotations

import html
import json
import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from jsonschema import Draft7Validator

from casebook.bibliography.exports import coins, csl_item, csl_json, ris, ris_lines, shared_exports
from casebook.bibliography.model import Bibliography, load_bibliography, parse_bibtex

ROOT = Path(__file__).resolve().parent.parent
HOSTILE_BIB = ROOT / "tests" / "hostile" / "bibliography"

SAMPLE = textwrap.dedent(r"""
    @article{art,
      author  = {Ansell, Chris and Gash, Alison},
      title   = {Collaborative governance in theory and practice},
      journal = {Journal of Public Administration Research and Theory},
      volume  = {18}, number = {4}, pages = {543--571}, year = {2008},
      doi     = {10.1093/jopart/mum032}, langid = {english},
    }
    @book{bk,
      author = {Yin, Robert K.}, title = {Case study research}, subtitle = {Design and methods},
      edition = {5}, publisher = {Sage}, address = {Thousand Oaks}, year = {2014}, langid = {english},
    }
    @book{edbk,
      editor = {Pestoff, Victor and Brandsen, Taco}, title = {New public governance}, publisher = {Routledge},
      year = {2012}, langid = {english},
    }
    @incollection{chap,
      author = {Bazinet, Andr{\'e}}, title = {Le chapitre}, booktitle = {Le livre collectif},
      editor = {Boudreau, Christian}, publisher = {Presses de l'Universit{\'e} du Qu{\'e}bec}, pages = {45--67},
      year = {2021}, langid = {french},
    }
    @inproceedings{conf,
      author = {Roy, Marie}, title = {A paper}, booktitle = {Proceedings of the meeting}, year = {2019},
      pages = {1--9}, langid = {english},
    }
    @report{rep,
      author = {{Office municipal d'habitation de Montr{\'e}al}}, title = {Oser faire autrement},
      institution = {OMHM}, number = {12}, year = {2021}, langid = {french},
    }
    @phdthesis{th,
      author = {Baril, Genevi{\`e}ve}, title = {La coproduction des services publics},
      school = {{\'E}cole nationale d'administration publique}, date = {2025-03}, langid = {french},
    }
    @online{web,
      author = {{Ville de Laval}}, title = {Politique r{\'e}gionale \& sociale = 2}, url = {https://www.laval.ca/politique?id=1},
      year = {2020}, urldate = {2023-01-31}, langid = {french},
    }
    @legislation{law,
      title = {Loi sur la Soci{\'e}t{\'e} d'habitation du Qu{\'e}bec}, year = {1967}, langid = {french},
    }
    @misc{doc,
      author = {Tremblay and Roy}, title = {Un document}, howpublished = {Cahier du colloque},
      langid = {french}, incomplete = {year},
    }
    """)


@pytest.fixture(scope="module")
def bib() -> Bibliography:
    refs, diags = parse_bibtex(SAMPLE, "sample.bib")
    assert not diags
    out = Bibliography()
    out.refs = {r.key: r for r in refs}
    return out


# ---- COinS as Zotero reads them ---------------------------------------------------------------------
def zotero_parse(kev: str) -> dict[str, Any]:
    """What Zotero's ``parseContextObject`` makes of a ContextObject (the fields this site fills)."""
    parts = kev.split("&")
    fmt = next((unquote(p[12:]) for p in parts if p.startswith("rft_val_fmt=")), "")
    item: dict[str, Any] = {"creators": []}
    if fmt == "info:ofi/fmt:kev:mtx:journal":
        item["itemType"] = "journalArticle"
    elif fmt == "info:ofi/fmt:kev:mtx:book":
        genres = {"rft.genre=bookitem": "bookSection", "rft.genre=conference": "conferencePaper",
                  "rft.genre=proceeding": "conferencePaper", "rft.genre=report": "report"}
        item["itemType"] = next((t for g, t in genres.items() if g in parts), "book")
    elif fmt == "info:ofi/fmt:kev:mtx:dissertation":
        item["itemType"] = "thesis"
    elif fmt == "info:ofi/fmt:kev:mtx:dc":
        item["itemType"] = "webpage"
    else:
        raise AssertionError(f"Zotero does not read the format {fmt!r}")
    corp = []
    for part in parts:
        key, value = part.split("=")[0], unquote(part.split("=")[1].replace("+", " "))
        if not value:
            continue
        if key == "rft_id":
            if value.lower().startswith("info:doi"):
                item["DOI"] = value[9:]
            elif re.match(r"^https?://", value):
                item["url"] = value
        elif key == "rft.btitle":
            item["publicationTitle" if item["itemType"] == "bookSection" else "title"] = value
        elif key == "rft.atitle":
            item["title"] = value
        elif key == "rft.jtitle":
            item["publicationTitle"] = value
        elif key == "rft.title":
            item["publicationTitle" if item["itemType"] in {"journalArticle", "bookSection"} else "title"] = value
        elif key in {"rft.au", "rft.creator"}:
            last, _, first = value.partition(", ")
            item["creators"].append((last, first))
        elif key == "rft.aucorp":
            corp.append((value, ""))
        elif key in {"rft.pub", "rft.publisher", "rft.inst"}:
            item["publisher"] = value
        elif key == "rft.type" and fmt.endswith(":dc"):
            item["itemType"] = value  # Zotero takes it when the type exists (webpage, document, statute…)
        else:
            item[key.removeprefix("rft.")] = value
    item["creators"] += corp
    return item


def test_coins_of_each_entry_type_read_back_as_zotero_items(bib: Bibliography) -> None:
    expected_types = {"art": "journalArticle", "bk": "book", "edbk": "book", "chap": "bookSection",
                      "conf": "conferencePaper", "rep": "report", "th": "thesis", "web": "webpage",
                      "law": "statute", "doc": "document"}
    for key, itype in expected_types.items():
        item = zotero_parse(coins(bib.refs[key]))
        assert item["itemType"] == itype, key


def test_coins_fields_match_the_bibtex(bib: Bibliography) -> None:
    art = zotero_parse(coins(bib.refs["art"]))
    assert art["title"] == "Collaborative governance in theory and practice"
    assert art["publicationTitle"] == "Journal of Public Administration Research and Theory"
    assert (art["volume"], art["issue"], art["spage"], art["epage"], art["date"]) == ("18", "4", "543", "571", "2008")
    assert art["DOI"] == "10.1093/jopart/mum032"
    assert art["creators"] == [("Ansell", "Chris"), ("Gash", "Alison")]
    assert (art["aulast"], art["aufirst"]) == ("Ansell", "Chris")
    assert art["language"] == "en"

    bk = zotero_parse(coins(bib.refs["bk"]))
    assert bk["title"] == "Case study research: Design and methods"  # the subtitle is part of the title
    assert (bk["publisher"], bk["place"], bk["edition"], bk["date"]) == ("Sage", "Thousand Oaks", "5", "2014")
    assert bk["creators"] == [("Yin", "Robert K.")]

    chap = zotero_parse(coins(bib.refs["chap"]))
    assert (chap["title"], chap["publicationTitle"]) == ("Le chapitre", "Le livre collectif")
    assert chap["publisher"] == "Presses de l'Université du Québec"  # LaTeX accents decoded
    assert (chap["spage"], chap["epage"], chap["pages"]) == ("45", "67", "45-67")
    assert chap["creators"] == [("Bazinet", "André")]

    rep = zotero_parse(coins(bib.refs["rep"]))
    assert rep["creators"] == [("Office municipal d'habitation de Montréal", "")]  # a group author, not split
    assert "aulast" not in rep
    assert rep["publisher"] == "OMHM"

    th = zotero_parse(coins(bib.refs["th"]))
    assert (th["title"], th["publisher"], th["date"]) == ("La coproduction des services publics",
                                                          "École nationale d'administration publique", "2025-03")
    assert th["degree"] == "Doctoral dissertation"

    web = zotero_parse(coins(bib.refs["web"]))
    assert web["url"] == "https://www.laval.ca/politique?id=1"
    assert web["title"] == "Politique régionale & sociale = 2"  # & and = inside a value survive the split
    assert web["creators"] == [("Ville de Laval", "")]

    doc = zotero_parse(coins(bib.refs["doc"]))
    assert doc["creators"] == [("Tremblay", ""), ("Roy", "")]
    assert "date" not in doc  # no year in the BibTeX: none invented


def test_coins_are_percent_encoded_with_nothing_html_could_read() -> None:
    hostile = load_bibliography(sorted(HOSTILE_BIB.glob("*.bib")))
    assert hostile.refs
    for ref in hostile.refs.values():
        kev = coins(ref)
        assert re.fullmatch(r"[A-Za-z0-9._~%&=-]+", kev), ref.key
        assert kev.startswith("ctx_ver=Z39.88-2004&rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3A")


def test_the_real_bibliography_gives_one_readable_coins_per_entry() -> None:
    real = load_bibliography(sorted((ROOT / "bibliography").glob("*.bib")))
    for ref in real.refs.values():
        item = zotero_parse(coins(ref))
        assert item.get("title") or not ref.title, ref.key
        assert len(item["creators"]) == len(ref.authors), ref.key


# ---- CSL-JSON ------------------------------------------------------------------------------------------
# The shape of CSL-JSON input data, written from the CSL 1.0.2 specification (appendix "Variables" and
# "Types", and the name and date input model): types, name and date variables, and the variables used here.
CSL_TYPES = ["article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast",
             "chapter", "classic", "collection", "dataset", "document", "entry", "entry-dictionary",
             "entry-encyclopedia", "event", "figure", "graphic", "hearing", "interview", "legal_case", "legislation",
             "manuscript", "map", "motion_picture", "musical_score", "pamphlet", "paper-conference", "patent",
             "performance", "periodical", "personal_communication", "post", "post-weblog", "regulation", "report",
             "review", "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage"]
NAME = {"type": "object", "additionalProperties": False, "minProperties": 1,
        "properties": {k: {"type": "string", "minLength": 1} for k in
                       ("family", "given", "literal", "dropping-particle", "non-dropping-particle", "suffix")},
        "not": {"required": ["literal", "family"]}}
DATE = {"type": "object", "additionalProperties": False, "minProperties": 1,
        "properties": {"date-parts": {"type": "array", "minItems": 1, "maxItems": 2,
                                      "items": {"type": "array", "minItems": 1, "maxItems": 3,
                                                "items": {"type": "integer"}}},
                       "literal": {"type": "string"}}}
STRING = {"type": "string", "minLength": 1}
CSL_SCHEMA = {
    "type": "array",
    "items": {"type": "object", "required": ["id", "type"], "additionalProperties": False,
              "properties": {"id": STRING, "type": {"enum": CSL_TYPES},
                             **{k: {"type": "array", "minItems": 1, "items": NAME} for k in ("author", "editor")},
                             **{k: DATE for k in ("issued", "original-date", "accessed")},
                             **{k: STRING for k in ("title", "container-title", "collection-title", "publisher",
                                                    "publisher-place", "volume", "issue", "number", "page",
                                                    "chapter-number", "edition", "genre", "DOI", "URL", "ISBN",
                                                    "ISSN", "note")},
                             "language": {"enum": ["fr", "en"]}}},
}


def csl_errors(items: list[dict[str, Any]]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in Draft7Validator(CSL_SCHEMA).iter_errors(items)]


def test_csl_json_has_the_csl_shape(bib: Bibliography) -> None:
    items = json.loads(csl_json(bib))
    assert csl_errors(items) == []
    by_id = {i["id"]: i for i in items}
    assert {k: v["type"] for k, v in by_id.items()} == {
        "art": "article-journal", "bk": "book", "edbk": "book", "chap": "chapter", "conf": "paper-conference",
        "rep": "report", "th": "thesis", "web": "webpage", "law": "legislation", "doc": "document"}
    art = by_id["art"]
    assert art["author"] == [{"family": "Ansell", "given": "Chris"}, {"family": "Gash", "given": "Alison"}]
    assert art["issued"] == {"date-parts": [[2008]]}
    assert (art["container-title"], art["volume"], art["issue"], art["page"], art["DOI"]) == \
        ("Journal of Public Administration Research and Theory", "18", "4", "543-571", "10.1093/jopart/mum032")
    assert by_id["rep"]["author"] == [{"literal": "Office municipal d'habitation de Montréal"}]
    assert by_id["rep"]["number"] == "12" and "issue" not in by_id["rep"]
    assert by_id["th"]["issued"] == {"date-parts": [[2025, 3]]}
    assert by_id["th"]["publisher"] == "École nationale d'administration publique"
    assert by_id["web"]["accessed"] == {"date-parts": [[2023, 1, 31]]}
    assert by_id["edbk"]["editor"] == [{"family": "Pestoff", "given": "Victor"}, {"family": "Brandsen", "given": "Taco"}]
    assert "author" not in by_id["edbk"]
    assert "issued" not in by_id["doc"]  # the BibTeX has no year
    assert by_id["doc"]["note"] == "Incomplete reference, missing: year"
    assert by_id["doc"]["publisher"] == "Cahier du colloque"


def test_csl_json_of_the_real_and_hostile_bibliographies_has_the_csl_shape() -> None:
    for files in (sorted((ROOT / "bibliography").glob("*.bib")), sorted(HOSTILE_BIB.glob("*.bib"))):
        bib = load_bibliography(files)
        items = json.loads(csl_json(bib))
        assert len(items) == len(bib.refs)
        assert csl_errors(items) == []


# ---- RIS -----------------------------------------------------------------------------------------------
def test_ris_type_and_tags_per_entry_type(bib: Bibliography) -> None:
    expected = {"art": "JOUR", "bk": "BOOK", "edbk": "EDBOOK", "chap": "CHAP", "conf": "CPAPER", "rep": "RPRT",
                "th": "THES", "web": "ELEC", "law": "STAT", "doc": "GEN"}
    for key, rtype in expected.items():
        lines = ris_lines(bib.refs[key])
        assert lines[0] == ("TY", rtype) and lines[-1] == ("ER", ""), key
    tags = dict(ris_lines(bib.refs["art"]))
    assert (tags["TI"], tags["T2"], tags["VL"], tags["IS"], tags["SP"], tags["EP"], tags["PY"], tags["DO"]) == \
        ("Collaborative governance in theory and practice", "Journal of Public Administration Research and Theory",
         "18", "4", "543", "571", "2008", "10.1093/jopart/mum032")
    assert [v for t, v in ris_lines(bib.refs["art"]) if t == "AU"] == ["Ansell, Chris", "Gash, Alison"]
    assert [v for t, v in ris_lines(bib.refs["edbk"]) if t == "ED"] == ["Pestoff, Victor", "Brandsen, Taco"]
    chap = dict(ris_lines(bib.refs["chap"]))
    assert (chap["TI"], chap["T2"], chap["PB"]) == ("Le chapitre", "Le livre collectif", "Presses de l'Université du Québec")
    assert [v for t, v in ris_lines(bib.refs["chap"]) if t == "A2"] == ["Boudreau, Christian"]
    assert dict(ris_lines(bib.refs["th"]))["DA"] == "2025/03/"
    assert dict(ris_lines(bib.refs["rep"]))["AU"] == "Office municipal d'habitation de Montréal"


def test_ris_lines_are_well_formed_even_for_hostile_entries() -> None:
    for files in (sorted((ROOT / "bibliography").glob("*.bib")), sorted(HOSTILE_BIB.glob("*.bib"))):
        bib = load_bibliography(files)
        text = ris(bib)
        records = text.split("\r\n\r\n")
        assert len(records) == len(bib.refs)
        for line in text.split("\r\n"):
            assert line == "" or re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line), line  # a value cannot forge a tag
        assert text.count("TY  - ") == text.count("ER  - ") == len(bib.refs)


# ---- in a page ------------------------------------------------------------------------------------------
class _Spans(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.titles: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "span" and ("class", "Z3988") in attrs:
            self.titles.append(dict(attrs)["title"] or "")
        if tag in {"script", "img", "svg"} or any(k.startswith("on") for k, _ in attrs):
            self.scripts += 1


def test_hostile_entries_stay_inert_in_the_bibliography_list() -> None:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from casebook.bibliography.apa import APA
    from casebook.mkdocs.common import casebook_theme_dir
    theme = casebook_theme_dir()
    assert theme is not None
    env = Environment(loader=FileSystemLoader(str(theme)), autoescape=select_autoescape(["html"]))
    bib = load_bibliography(sorted(HOSTILE_BIB.glob("*.bib")))
    apa, exports = APA(bib), shared_exports(bib)
    entries = [{"key": k, "html": apa.reference(k, "en"), "ref": bib.refs[k], "where": [], "cases": [], "type": "misc",
                "coins": exports.coins(k)} for k in bib.refs]
    out = env.get_template("casebook/bibliography_list.html").render(entries=entries, lang="en", tr=lambda k: k)
    parser = _Spans()
    parser.feed(out)
    assert parser.scripts == 0
    assert parser.titles == [coins(bib.refs[k]) for k in bib.refs]  # each title attribute holds the whole string
    assert html.unescape(out).count("Z3988") == len(bib.refs)


def test_csl_item_reads_the_plain_text_not_the_latex(bib: Bibliography) -> None:
    assert csl_item(bib.refs["law"])["title"] == "Loi sur la Société d'habitation du Québec"
