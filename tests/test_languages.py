"""Languages declared by the site: tiny sites built for real in a temporary folder, English only, English then French,
and English, French and Spanish (Spanish with a strings file of its own and the English APA terms by option), checked
as a reader and a crawler meet them: the root language, the URLs, the switcher, hreflang in the sitemap, the 404 pages
and the search index of each language. Bad declarations stop the build with a located message, never a traceback."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest
import yaml

from casebook.base.i18n import Languages, Localized, counterpart_url, lang_of_url, page_url, use_languages
from casebook.base.ui import SHIPPED_UI

from .conftest import BUILD_ENV, ROOT

# Each text of the fixture in each language it may be given in; "es" strings are marked so that a test can tell them.
TEXTS = {
    "title": {"en": "A joint committee", "fr": "Un comité conjoint", "es": "Un comité conjunto"},
    "short": {"en": "Committee", "fr": "Comité", "es": "Comité ES"},
    "summary": {"en": "Two organisations meet.", "fr": "Deux organisations se réunissent.",
                "es": "Dos organizaciones se reúnen."},
    "place": {"en": "Laval", "fr": "Laval", "es": "Laval"},
}
# id: (scheme, term, definition); the schemes: id: (facet, label)
CONCEPTS = {
    "education": ("sector", {"en": "Education", "fr": "Éducation", "es": "Educación"},
                  {"en": "A sector.", "fr": "Un secteur.", "es": "Un sector."}),
    "regional": ("level", {"en": "Regional", "fr": "Régional", "es": "Regional"},
                 {"en": "A level.", "fr": "Un palier.", "es": "Un nivel."}),
    "intersectoral": ("collaboration-type", {"en": "Intersectoral", "fr": "Intersectorielle", "es": "Intersectorial"},
                      {"en": "A type.", "fr": "Un type.", "es": "Un tipo."}),
    "chosen": ("collaboration-mode", {"en": "Chosen", "fr": "Choisie", "es": "Elegida"},
               {"en": "A mode.", "fr": "Un mode.", "es": "Un modo."}),
}
SCHEMES = {
    "sector": ("sector", {"en": "Sector", "fr": "Secteur", "es": "Sector"}),
    "level": ("level", {"en": "Level", "fr": "Palier", "es": "Nivel"}),
    "collaboration-type": ("collaboration.types", {"en": "Type", "fr": "Type", "es": "Tipo"}),
    "collaboration-mode": ("collaboration.mode", {"en": "Mode", "fr": "Mode", "es": "Modo"}),
}

# With ``findings=True``: one barrier of the case, its category and the category's vocabulary (a heatmap row).
BARRIER = {"text": {"en": "Staff turnover.", "fr": "Le roulement du personnel.", "es": "La rotación del personal."},
           "term": {"en": "Silos", "fr": "Cloisonnement", "es": "Compartimentación"},
           "definition": {"en": "A barrier.", "fr": "Un obstacle.", "es": "Un obstáculo."},
           "scheme": {"en": "Categories of barriers", "fr": "Catégories d'obstacles", "es": "Categorías de obstáculos"}}

BIB = textwrap.dedent("""\
    @incollection{src2020,
      author = {Tremblay, Marie},
      title = {A chapter},
      booktitle = {A book},
      editor = {Roy, Jean},
      pages = {1--10},
      year = {2020},
      publisher = {PUQ},
      langid = {english}
    }
    """)

# With ``findings=True``, a Spanish work too, its language given by ``language`` (BibTeX's field) instead of ``langid``.
SPANISH_BIB = textwrap.dedent("""\
    @book{garcia2019,
      author = {García, Ana},
      title = {Un libro},
      year = {2019},
      publisher = {Editorial},
      language = {Spanish}
    }
    """)

HOME = {"en": "Home", "fr": "Accueil", "es": "Inicio"}
SECTION = {"en": "English", "fr": "Français", "es": "Español"}


def _text(key: str | dict[str, str], langs: list[str]) -> str:
    texts = TEXTS[key] if isinstance(key, str) else key
    return json.dumps({lang: texts[lang] for lang in langs}, ensure_ascii=False)


SPANISH_MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
                  "noviembre", "diciembre"]
# Spanish dates: "7 de diciembre de 2026", "febrero de 2017" (the Real Academia Española's order and "de").
SPANISH_DATES = {"date_full": "{day} de {month} de {year}", "date_month_year": "{month} de {year}",
                 **{f"month_{i}": name for i, name in enumerate(SPANISH_MONTHS, 1)}}


def es_strings(drop: tuple[str, ...] = ()) -> dict[str, str]:
    """A Spanish strings file for the fixture: every English key, each text marked "ES" (placeholders kept), but
    for the names of the languages, the locale, the months and the date patterns, in Spanish."""
    out = {key: f"ES {text}" for key, text in SHIPPED_UI["en"].items() if key not in drop}
    spanish = {"language_name": "Español", "og_locale": "es_ES", "lang_en": "inglés", "lang_fr": "francés",
               "lang_es": "español", "language_in": "en {language}", **SPANISH_DATES}
    out.update({k: v for k, v in spanish.items() if k not in drop})
    return out


def make_site(dest: Path, langs: list[str], *, options: str = "", strings: dict[str, str] | None = None,
              text_langs: list[str] | None = None, findings: bool = False) -> Path:
    """A site with one case, one concept, one scheme and one work, in ``langs`` (the first at the root); with
    ``findings``, the case names a barrier too (:data:`BARRIER`), which the compare pages draw in a heatmap."""
    given = text_langs or langs
    for name in ("cases", "concepts", "bibliography", "docs"):
        (dest / name).mkdir(parents=True, exist_ok=True)
    (dest / "cases" / "committee.yml").write_text(textwrap.dedent(f"""\
        title: {_text("title", given)}
        short_title: {_text("short", given)}
        summary: {_text("summary", given)}
        sector: [education]
        level: [regional]
        place: {_text("place", given)}
        period: {{start: "2017-02", end: "2018"}}
        collaboration: {{types: [intersectoral], mode: chosen}}
        sources: [src2020]
        """), encoding="utf-8")
    if findings:
        case_file = dest / "cases" / "committee.yml"
        case_file.write_text(case_file.read_text(encoding="utf-8").replace("sources: [src2020]",
                                                                           "sources: [src2020, garcia2019]"))
        with case_file.open("a", encoding="utf-8") as case:
            case.write(f"findings: {{barriers: [{{text: {_text(BARRIER['text'], given)}, categories: [silos]}}]}}\n")
        (dest / "concepts" / "silos.yml").write_text(f"term: {_text(BARRIER['term'], given)}\nschemes: [barrier]\n"
                                                     f"definition: {_text(BARRIER['definition'], given)}\n",
                                                     encoding="utf-8")
    for cid, (scheme, term, definition) in CONCEPTS.items():
        (dest / "concepts" / f"{cid}.yml").write_text(
            f"term: {_text(term, given)}\nschemes: [{scheme}]\ndefinition: {_text(definition, given)}\n", encoding="utf-8")
    (dest / "concepts" / "_schemes.yml").write_text("".join(
        f"{sid}: {{label: {_text(label, given)}, facet: {facet}}}\n" for sid, (facet, label) in SCHEMES.items()),
        encoding="utf-8")
    if findings:
        with (dest / "concepts" / "_schemes.yml").open("a", encoding="utf-8") as schemes:
            schemes.write(f"barrier: {{label: {_text(BARRIER['scheme'], given)}, facet: findings.barriers.categories}}\n")
    (dest / "bibliography" / "refs.bib").write_text(BIB + (SPANISH_BIB if findings else ""), encoding="utf-8")
    nav = []
    for i, lang in enumerate(langs):
        folder = dest / "docs" / ("" if i == 0 else lang)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.md").write_text(f"# {HOME[lang]}\n\nA page [@src2020].\n", encoding="utf-8")
        page = "index.md" if i == 0 else f"{lang}/index.md"
        nav.append({HOME[lang]: page} if i == 0 else {SECTION[lang]: [{HOME[lang]: page}]})
    if strings is not None:
        (dest / "strings").mkdir(exist_ok=True)
        (dest / "strings" / "es.yml").write_text(yaml.safe_dump(strings, allow_unicode=True, sort_keys=False),
                                                 encoding="utf-8")
    config = {
        "site_name": "Fixture", "site_url": "https://example.org/", "docs_dir": "docs",
        "theme": {"name": "material", "custom_dir": str(ROOT / "theme"), "language": langs[0], "font": False},
        "plugins": [{"search": {"lang": langs}}, "CASES", "casebook/concepts", "casebook/bibliography",
                    "casebook/compare"],
        "extra_css": ["assets/casebook.css", "assets/compare.css"],  # as a site's mkdocs.yml lists them
        "extra_javascript": ["assets/casebook.js", "assets/compare.js"],
        "nav": nav,
    }
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    cases = f"- casebook/cases:\n    languages: [{', '.join(langs)}]\n" + textwrap.indent(options, "    ")
    (dest / "mkdocs.yml").write_text(text.replace("- CASES\n", cases), encoding="utf-8")
    return dest


def build(src: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(src / "mkdocs.yml"), "-d",
                           str(src / "site"), *extra], capture_output=True, text=True, env=BUILD_ENV, timeout=600)


def built_site(dest: Path, langs: list[str], **kw: object) -> Path:
    src = make_site(dest, langs, **kw)  # type: ignore[arg-type]
    result = build(src, "--strict")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return src / "site"


@pytest.fixture(scope="module")
def en_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site(tmp_path_factory.mktemp("en"), ["en"])


@pytest.fixture(scope="module")
def en_fr(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site(tmp_path_factory.mktemp("en-fr"), ["en", "fr"])


@pytest.fixture(scope="module")
def en_fr_es(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site(tmp_path_factory.mktemp("en-fr-es"), ["en", "fr", "es"], options="apa_fallback: en\n",
                      strings=es_strings())


@pytest.fixture(autouse=True)
def _default_languages() -> Iterator[None]:
    yield
    use_languages(Languages())  # a test that declares languages leaves the default ones behind


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def html_lang(page: str) -> str:
    found = re.search(r'<html lang="([^"]+)"', page)
    assert found, "no <html lang>"
    return found[1]


def switcher(page: str) -> list[tuple[str, str]]:
    """(hreflang, href) of each entry of the language switcher a reader sees."""
    return re.findall(r'<a href="([^"]*)" hreflang="([^"]+)" lang="[^"]+" class="md-select__link"', page)


def sitemap_alternates(site: Path, loc: str) -> dict[str, str]:
    text = read(site, "sitemap.xml")
    block = re.search(rf"<loc>{re.escape(loc)}</loc>(.*?)</url>", text, re.S)
    assert block, f"{loc} not in the sitemap"
    return dict(re.findall(r'hreflang="([^"]+)" href="([^"]+)"', block[1]))


def not_found_langs(page: str) -> list[str]:
    return re.findall(r'<section lang="([^"]+)" class="cb-not-found">', page)


def search_index(site: Path, prefix: str = "") -> dict[str, object]:
    return json.loads(read(site, f"{prefix}search/search_index.json"))


# ---- English only -------------------------------------------------------------------------------------------------

def test_english_only_site_is_english_at_the_root_with_no_other_language(en_only: Path) -> None:
    case = read(en_only, "cases/committee/index.html")
    assert html_lang(case) == "en" and html_lang(read(en_only, "index.html")) == "en"
    assert "<h1" in case and "A joint committee" in case
    assert "The cases" in read(en_only, "cases/index.html")  # the English interface strings
    assert not (en_only / "en").exists() and not (en_only / "fr").exists()
    assert switcher(case) == []  # one language: nothing to switch to
    assert "hreflang" not in read(en_only, "sitemap.xml")  # a page alone in its language has no alternates
    assert not_found_langs(read(en_only, "404.html")) == ["en"]
    index = search_index(en_only)
    assert index["config"]["lang"] == ["en"]  # type: ignore[index]
    assert any(d["location"].startswith("cases/committee/") for d in index["docs"])  # type: ignore[attr-defined]
    assert not (en_only / "en" / "search").exists()


def test_english_only_site_formats_its_references_in_english(en_only: Path) -> None:
    bib = read(en_only, "bibliography/index.html")
    assert "In J. Roy (Ed.)," in bib  # APA 7 §10.3, the English terms
    assert "Dans" not in bib


def test_english_only_open_data_lists_one_language(en_only: Path) -> None:
    data = json.loads(read(en_only, "data/cases.json"))
    assert data["languages"] == ["en"]
    assert data["cases"][0]["url"] == {"en": "https://example.org/cases/committee/"}


# ---- English then French -------------------------------------------------------------------------------------------

def test_english_first_puts_english_at_the_root_and_french_under_fr(en_fr: Path) -> None:
    en, fr = read(en_fr, "cases/committee/index.html"), read(en_fr, "fr/cases/committee/index.html")
    assert html_lang(en) == "en" and html_lang(fr) == "fr"
    assert "A joint committee" in en and "Un comité conjoint" in fr
    assert "Les cas" in read(en_fr, "fr/cases/index.html")
    assert not (en_fr / "en").exists()
    assert switcher(en) == [("./", "en"), ("../../fr/cases/committee/", "fr")]
    assert switcher(fr) == [("../../../cases/committee/", "en"), ("./", "fr")]
    assert sitemap_alternates(en_fr, "https://example.org/fr/cases/committee/") == {
        "en": "https://example.org/cases/committee/", "fr": "https://example.org/fr/cases/committee/",
        "x-default": "https://example.org/cases/committee/"}


def test_english_first_has_a_404_page_per_language(en_fr: Path) -> None:
    assert not_found_langs(read(en_fr, "404.html")) == ["en", "fr"]
    assert not_found_langs(read(en_fr, "fr/404.html")) == ["fr", "en"]
    assert html_lang(read(en_fr, "fr/404.html")) == "fr"
    assert not (en_fr / "en" / "404.html").exists()


def test_english_first_splits_search_by_language(en_fr: Path) -> None:
    root, fr = search_index(en_fr), search_index(en_fr, "fr/")
    assert root["config"]["lang"] == ["en"] and fr["config"]["lang"] == ["fr"]  # type: ignore[index]
    root_text = json.dumps(root, ensure_ascii=False)
    fr_text = json.dumps(fr, ensure_ascii=False)
    assert "A joint committee" in root_text and "Un comité conjoint" not in root_text
    assert "Un comité conjoint" in fr_text and "A joint committee" not in fr_text
    assert all(not d["location"].startswith("fr/") for d in root["docs"])  # type: ignore[attr-defined]


def test_english_first_french_pages_have_french_references_and_navigation(en_fr: Path) -> None:
    bib = read(en_fr, "fr/bibliography/index.html")
    assert "Dans J. Roy (dir.)," in bib  # Couture's French adaptation
    home = read(en_fr, "fr/index.html")
    assert html_lang(home) == "fr" and 'og:locale" content="fr_CA"' in home
    nav = re.findall(r'class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*([^<]*?)\s*</span>', home)
    assert nav == ["Accueil"]  # the French section of the navigation, without the English pages
    root_nav = re.findall(r'class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*([^<]*?)\s*</span>',
                          read(en_fr, "index.html"))
    assert root_nav == ["Home"]


# ---- English, French and Spanish (a strings file, the English APA terms) -------------------------------------------

def test_three_languages_each_at_its_address_with_its_strings(en_fr_es: Path) -> None:
    es = read(en_fr_es, "es/cases/committee/index.html")
    assert html_lang(es) == "es"
    assert "Un comité conjunto" in es
    # the case model's labels have no Spanish: the first language's (English) is shown, not the French
    assert ">Period<" in es and "Période" not in es
    assert "ES The cases" in read(en_fr_es, "es/cases/index.html")  # the site's Spanish strings file
    assert 'og:locale" content="es_ES"' in es
    assert switcher(es) == [("../../../cases/committee/", "en"), ("../../../fr/cases/committee/", "fr"), ("./", "es")]
    names = re.findall(r'class="md-select__link"[^>]*>([^<]+)</a>', es)
    assert names == ["English", "Français", "Español"]


def test_three_languages_sitemap_404_and_search(en_fr_es: Path) -> None:
    assert sitemap_alternates(en_fr_es, "https://example.org/cases/committee/") == {
        "en": "https://example.org/cases/committee/", "fr": "https://example.org/fr/cases/committee/",
        "es": "https://example.org/es/cases/committee/", "x-default": "https://example.org/cases/committee/"}
    assert not_found_langs(read(en_fr_es, "404.html")) == ["en", "fr", "es"]
    assert not_found_langs(read(en_fr_es, "es/404.html")) == ["es", "en", "fr"]
    assert "ES " in read(en_fr_es, "es/404.html")
    es = search_index(en_fr_es, "es/")
    assert es["config"]["lang"] == ["es"]  # type: ignore[index]
    assert "Un comité conjunto" in json.dumps(es, ensure_ascii=False)
    assert "Un comité conjunto" not in json.dumps(search_index(en_fr_es), ensure_ascii=False)


def test_dates_follow_each_language_s_pattern(en_fr_es: Path) -> None:
    def period(path: str) -> str:
        found = re.search(r"<dd>([^<]*2017[^<]*)</dd>", read(en_fr_es, path))
        assert found, path
        return found[1]

    assert period("es/cases/committee/index.html") == "febrero de 2017 – 2018"  # the strings file's pattern
    assert period("fr/cases/committee/index.html") == "février 2017 – 2018"
    assert period("cases/committee/index.html") == "February 2017 – 2018"


def test_a_strings_file_declares_its_date_pattern(tmp_path: Path) -> None:
    from casebook.base import dates
    from casebook.base.ui import load_strings, use_strings

    langs = use_languages(Languages(("en", "fr", "es")))
    (tmp_path / "es.yml").write_text(yaml.safe_dump(es_strings(), allow_unicode=True), encoding="utf-8")
    found, diags = load_strings(tmp_path, tmp_path, langs)
    assert diags == []
    use_strings(found)
    try:
        assert dates.fmt("2026-12-07", "es") == "7 de diciembre de 2026"
        assert dates.fmt("2026-12", "es") == "diciembre de 2026"
        assert dates.fmt("2026", "es") == "2026"
        assert dates.fmt("2026-12-07", "en") == "7 December 2026"  # the shipped languages as they were
        assert dates.fmt("2026-12-01", "fr") == "1er décembre 2026" and dates.fmt("2026-12", "fr") == "décembre 2026"
    finally:
        use_strings({})
    (tmp_path / "es.yml").write_text(yaml.safe_dump(es_strings(drop=("date_full",)), allow_unicode=True),
                                     encoding="utf-8")
    _, diags = load_strings(tmp_path, tmp_path, langs)
    # located on the file's last line, where the key is to be added (safe_dump ends the file with a newline)
    last = len((tmp_path / "es.yml").read_text(encoding="utf-8").rstrip("\n").split("\n"))
    assert last > 1 and [(d.line, d.field, d.message) for d in diags] == [(last, "date_full", "missing string")]
    bad = {**es_strings(), "date_month_year": "{mes} de {year}"}
    (tmp_path / "es.yml").write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    _, diags = load_strings(tmp_path, tmp_path, langs)
    assert [d.field for d in diags] == ["date_month_year"] and "{month}, {year}" in diags[0].message


def test_the_open_data_is_said_to_be_in_the_site_s_languages(en_only: Path, en_fr_es: Path) -> None:
    def export_line(site: Path, path: str) -> str:
        found = re.search(r"cases\.json</a> — (.*?) \(version", read(site, path))
        assert found, path
        return html.unescape(found[1])

    assert export_line(en_only, "compare/index.html") == "every case, in English, as JSON"
    # English and French have no name for Spanish: its own, marked as Spanish; the Spanish strings name all three
    assert export_line(en_fr_es, "compare/index.html") == \
        'every case, in English, French and <span lang="es">Español</span>, as JSON'
    assert export_line(en_fr_es, "fr/compare/index.html") == \
        'tous les cas, en anglais, en français et en <span lang="es">Español</span>, au format JSON'
    assert export_line(en_fr_es, "es/compare/index.html") == \
        "ES every case, in en inglés, en francés ES and en español, as JSON"  # its "and" is "ES and"


def test_spanish_references_fall_back_to_english_terms_by_option(en_fr_es: Path) -> None:
    bib = read(en_fr_es, "es/bibliography/index.html")
    assert "In J. Roy (Ed.)," in bib and "Dans" not in bib
    home = read(en_fr_es, "es/index.html")
    assert '>Tremblay, 2020</a>)' in home  # the citation in the page
    # "Cite this page": English APA terms (outside git: n.d.), so marked as English, the page's title as Spanish
    assert '<span lang="en">Fixture. (n.d.). <cite lang="es">Inicio</cite>.' in home


def test_a_translation_missing_in_a_later_language_falls_back_visibly(tmp_path: Path) -> None:
    src = make_site(tmp_path, ["en", "fr", "es"], options="apa_fallback: en\n", strings=es_strings(),
                    text_langs=["en", "fr"])
    strict = build(src, "--strict")
    assert strict.returncode != 0 and "Traceback" not in strict.stderr
    assert re.search(r"cases/committee\.yml:1:\d+: title\.es: 'es' translation pending", strict.stderr), strict.stderr
    assert build(src).returncode == 0
    es = read(src / "site", "es/cases/committee/index.html")
    assert '<span lang="en" class="cb-pending">A joint committee</span>' in es  # the first language, marked
    assert notice(es) == "ES Translation pending. ES Part of this page is not translated yet; the original inglés text is shown."


def notice(page: str) -> str:
    """The text of the "translation pending" note a reader sees."""
    found = re.search(r'<p class="cb-notice" role="note">(.*?)</p>', page, re.S)
    assert found, "no translation-pending note"
    return re.sub(r"[ \t\n]+", " ", html.unescape(re.sub(r"<[^>]+>", "", found[1]))).strip()


def test_the_pending_note_names_the_language_shown_in_the_reader_s_language(tmp_path: Path) -> None:
    src = make_site(tmp_path, ["en", "fr"], text_langs=["en"])  # no French text at all: the English is shown
    assert build(src).returncode == 0
    fr = read(src / "site", "fr/cases/committee/index.html")
    assert notice(fr) == ("Traduction en attente. Une partie de cette page n'est pas encore traduite\u202f; le texte "
                          "original en anglais est affiché.")
    assert "Translation pending" not in read(src / "site", "cases/committee/index.html")  # the first language's page
    concept = read(src / "site", "fr/concepts/education/index.html")
    assert notice(concept).endswith("le texte original en anglais est affiché.")


def _is_article(tag: str, attrs: dict[str, str | None]) -> bool:
    return tag == "article"


class _LangTexts(HTMLParser):
    """Each text of a page's article (or of the first element ``within`` picks) with the language it is in for a
    screen reader (the nearest ``lang``)."""

    VOID: ClassVar[set[str]] = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, within: Callable[[str, dict[str, str | None]], bool] = _is_article) -> None:
        super().__init__(convert_charrefs=True)
        self.within = within
        self.stack: list[tuple[str, str | None]] = []  # (tag, its lang or None)
        self.article: int | None = None  # depth of the article element
        self.found = False  # the first such element only (the window's <title>, not a picture's)
        self.root = ""
        self.texts: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        lang = dict(attrs).get("lang")
        if tag == "html":
            self.root = lang or ""
            return
        if tag in self.VOID:
            return
        self.stack.append((tag, lang))
        if not self.found and self.within(tag, dict(attrs)):
            self.article, self.found = len(self.stack), True

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID or tag == "html":
            return
        while self.stack:
            if self.article == len(self.stack):
                self.article = None
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if self.article is not None and text:
            lang = next((lg for _, lg in reversed(self.stack) if lg), self.root)
            self.texts.append((text, lang))


def texts_by_lang(page: str, within: Callable[[str, dict[str, str | None]], bool] = _is_article) -> list[tuple[str, str]]:
    parser = _LangTexts(within)
    parser.feed(page)
    return parser.texts


def english_only_texts() -> set[str]:
    """Every English text of the fixture and of Casebook's packaged model that has no Spanish."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("en"), str) and "es" not in node:
                found.add(" ".join(node["en"].split()))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(yaml.safe_load((ROOT / "plugins" / "casebook" / "model" / "default.yml").read_text(encoding="utf-8")))
    found |= {t["en"] for t in TEXTS.values()} | {c[1]["en"] for c in CONCEPTS.values()}
    found |= {s[1]["en"] for s in SCHEMES.values()} | {t["en"] for t in BARRIER.values()}
    return found - {"Laval"}  # the same in every language


@pytest.fixture(scope="module")
def untranslated_es(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """English, French and Spanish, but no Spanish in the contents (the case, the concepts, the vocabularies): the
    Spanish pages show their English texts."""
    src = make_site(tmp_path_factory.mktemp("untranslated-es"), ["en", "fr", "es"], options="apa_fallback: en\n",
                    strings=es_strings(), text_langs=["en", "fr"], findings=True)
    result = build(src)
    assert result.returncode == 0, result.stderr
    return src / "site"


def test_every_text_in_another_language_than_the_page_s_is_marked_with_its_lang(untranslated_es: Path) -> None:
    # A Spanish page of an English-first site whose contents have no Spanish: the model's labels, the case's texts, the
    # concepts' terms and the vocabularies' labels fall back to English, and a screen reader must read them so
    # (WCAG 3.1.2, the language of parts).
    english = english_only_texts()
    for path in ("es/cases/committee/", "es/cases/", "es/compare/", "es/concepts/", "es/concepts/education/"):
        texts = texts_by_lang(read(untranslated_es, path + "index.html"))
        foreign = [(text, lang) for text, lang in texts if text in english]
        assert len(foreign) >= 3, (path, texts)  # what this test is about is on the page
        unmarked = sorted({text for text, lang in foreign if lang != "en"})
        assert not unmarked, f"{path}: English shown as Spanish: {unmarked}"


def _title(tag: str, attrs: dict[str, str | None]) -> bool:
    return tag == "title"


def _header_title(tag: str, attrs: dict[str, str | None]) -> bool:
    return attrs.get("data-md-component") == "header-topic"


def _sidebar_toc(tag: str, attrs: dict[str, str | None]) -> bool:
    return tag == "nav" and "md-nav--secondary" in (attrs.get("class") or "").split()


def test_an_untranslated_title_and_heading_keep_their_lang_outside_the_article(untranslated_es: Path) -> None:
    # Material writes the page's title in the window's title and in the header, and the headings in the sidebar's
    # table of contents: an English one on a Spanish page is marked there too.
    english = english_only_texts()
    for path, title in (("es/cases/committee/", "A joint committee"), ("es/concepts/education/", "Education"),
                        ("es/compare/barriers/", "Barriers × cases")):
        page = read(untranslated_es, path + "index.html")
        assert texts_by_lang(page, _title) == [(f"{title} - Fixture", "en")], path
        assert texts_by_lang(page, _header_title) == [(title, "en")], path
    toc = texts_by_lang(read(untranslated_es, "es/cases/committee/index.html"), _sidebar_toc)
    assert ("In brief", "en") in toc, toc  # an English label of the model, a heading of the case page
    assert ("ES References", "es") in toc, toc  # a heading in Spanish stays the page's
    assert not [(text, lang) for text, lang in toc if text in english and lang != "en"], toc
    index = read(untranslated_es, "es/cases/index.html")  # a title in the page's language: nothing to mark
    assert texts_by_lang(index, _title) == [("ES The cases - Fixture", "es")]
    assert texts_by_lang(index, _header_title) == [("ES The cases", "es")]


def _picture(name: str) -> Callable[[str, dict[str, str | None]], bool]:
    return lambda tag, attrs: tag == "svg" and name in (attrs.get("class") or "").split()


def test_an_untranslated_label_in_a_picture_is_marked_with_its_lang(untranslated_es: Path) -> None:
    # The heatmap's rows (a category's term) and columns (a case's short title), and the periods' bars (short titles),
    # are SVG text: an English one on a Spanish page carries lang="en" (SVG 2's attribute, as in HTML).
    english = english_only_texts()
    for path, picture, shown in (("compare/barriers/", "cb-heatmap", {"Committee", "Silos"}),
                                 ("compare/periods/", "cb-periods", {"Committee"})):
        texts = texts_by_lang(read(untranslated_es, f"es/{path}index.html"), _picture(picture))
        assert {text for text, _ in texts if text in english} == shown, texts
        assert not [(text, lang) for text, lang in texts if text in english and lang != "en"], texts
        assert not [text for text, lang in texts if text.startswith("ES ") and lang != "es"], texts  # the page's own
        french = texts_by_lang(read(untranslated_es, f"fr/{path}index.html"), _picture(picture))  # translated
        assert french and all(lang == "fr" for _, lang in french), french
        assert "Comité" in {text for text, _ in french}


def _element(tag: str, cls: str) -> Callable[[str, dict[str, str | None]], bool]:
    return lambda t, attrs: t == tag and cls in (attrs.get("class") or "").split()


def test_apa_terms_of_the_fallback_language_and_works_titles_are_marked_with_their_lang(untranslated_es: Path) -> None:
    # The Spanish pages format with the English APA terms (apa_fallback: en): each reference and citation is marked as
    # English, and a work's title as in its own language (langid, or BibTeX's language field) where that is another.
    bib = texts_by_lang(read(untranslated_es, "es/bibliography/index.html"), _element("ol", "cb-bib"))
    assert ("Tremblay, M. (2020). A chapter. In J. Roy (Ed.),", "en") in bib, bib
    assert ("A book", "en") in bib and ("(pp. 1–10). PUQ.", "en") in bib
    assert ("García, A. (2019).", "en") in bib and ("Un libro", "es") in bib, bib  # a Spanish title
    case = read(untranslated_es, "es/cases/committee/index.html")
    refs = texts_by_lang(case, _element("ul", "cb-refs"))
    assert ("Tremblay, M. (2020). A chapter. In J. Roy (Ed.),", "en") in refs, refs
    cite = texts_by_lang(case, _element("section", "cb-cite-page"))
    assert ("Fixture. (n.d.).", "en") in cite, cite  # the English "n.d."
    assert ("A joint committee", "en") in cite  # the untranslated title: English, as the terms are
    home = texts_by_lang(read(untranslated_es, "es/index.html"), _element("span", "cb-cite"))
    assert home == [("(", "en"), ("Tremblay, 2020", "en"), (")", "en")], home
    cite = texts_by_lang(read(untranslated_es, "es/index.html"), _element("section", "cb-cite-page"))
    assert ("Inicio", "es") in cite and ("Fixture. (n.d.).", "en") in cite, cite  # a Spanish title in English terms
    # French has APA terms of its own: nothing is marked but the titles of the English and Spanish works
    fr = texts_by_lang(read(untranslated_es, "fr/bibliography/index.html"), _element("ol", "cb-bib"))
    assert [t for t in fr if t[0].startswith(("Tremblay", "A chapter", ". Dans", "A book"))] == [
        ("Tremblay, M. (2020).", "fr"), ("A chapter", "en"), (". Dans J. Roy (dir.),", "fr"), ("A book", "en")], fr
    assert ("Un libro", "es") in fr
    home = texts_by_lang(read(untranslated_es, "fr/index.html"), _element("span", "cb-cite"))
    assert {lang for _, lang in home} == {"fr"}, home
    english = texts_by_lang(read(untranslated_es, "bibliography/index.html"), _element("ol", "cb-bib"))
    assert ("A chapter", "en") not in english and ("Un libro", "es") in english, english  # the page's own: no mark


def options(page: str, name: str) -> list[tuple[str, str, str]]:
    """(value, text, lang) of each option of the bibliography's filter ``name``."""
    select = re.search(rf'<select name="{name}">(.*?)</select>', page, re.S)
    assert select, f"no {name} filter"
    return [(v, html.unescape(t), lg or "") for v, lg, t in
            re.findall(r'<option value="([^"]*)"(?: lang="([^"]+)")?>([^<]*)</option>', select[1])]


def test_the_bibliography_filters_and_cited_in_links_follow_the_languages(untranslated_es: Path, en_only: Path) -> None:
    es = read(untranslated_es, "es/bibliography/index.html")
    # the languages of the works listed (an English and a Spanish one), in the site's order, named in Spanish
    assert options(es, "lang") == [("", "ES All", ""), ("en", "inglés", ""), ("es", "español", "")]
    assert options(es, "case") == [("", "ES All", ""), ("committee", "Committee", "en")]  # an untranslated short title
    cited_in = "".join(re.findall(r'<p class="cb-cited-in">(.*?)</p>', es))
    links = set(re.findall(r'<a href="[^"]+"(?: lang="([^"]+)")?>([^<]+)</a>', cited_in))
    assert links == {("en", "A joint committee"), ("", "Inicio")}, links  # the untranslated case's title is marked
    # on the English page, Spanish has no English name in the strings: it is named in Spanish, and marked so
    assert options(read(untranslated_es, "bibliography/index.html"), "lang")[1:] == [
        ("en", "English", ""), ("es", "Español", "es")]
    # an English-only site with English works offers no French
    assert options(read(en_only, "bibliography/index.html"), "lang") == [("", "All", ""), ("en", "English", "")]


# ---- bad declarations: located errors ------------------------------------------------------------------------------

def test_a_language_without_apa_terms_is_an_error_naming_the_option(tmp_path: Path) -> None:
    result = build(make_site(tmp_path, ["en", "es"], strings=es_strings()))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "plugins.casebook/cases.languages: no APA 7 terms for 'es'" in result.stderr
    assert "apa_fallback: en" in result.stderr
    assert re.search(r"mkdocs\.yml:\d+:1:", result.stderr)


def test_a_missing_string_is_located_in_the_strings_file(tmp_path: Path) -> None:
    src = make_site(tmp_path, ["en", "es"], options="apa_fallback: en\n", strings=es_strings(drop=("case_index",)))
    result = build(src)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    last = len((src / "strings" / "es.yml").read_text(encoding="utf-8").rstrip("\n").split("\n"))
    assert f"strings/es.yml:{last}:1: case_index: missing string" in result.stderr, result.stderr
    assert "hint: add  case_index: \"…\"  at the end of the file (English: 'The cases', French: 'Les cas')" \
        in result.stderr


def test_a_strings_file_written_before_the_date_patterns_stops_the_build_located(tmp_path: Path) -> None:
    # A Spanish strings file as it could be written before the date patterns and language_in were strings, and while
    # pending_text did not name the language shown: each gap is a located error saying what the string is for.
    old = es_strings(drop=("date_full", "date_month_year", "language_in"))
    old["pending_text"] = "ES Part of this page is not translated yet; the original text is shown."
    src = make_site(tmp_path, ["en", "es"], options="apa_fallback: en\n", strings=old)
    result = build(src)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert not (src / "site").exists()  # nothing published
    written = (src / "strings" / "es.yml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, ln in enumerate(written, 1) if ln.startswith("pending_text:"))
    assert (f"strings/es.yml:{line}:{len('pending_text: ') + 1}: pending_text: the text must hold {{language}} as the "
            "English one does") in result.stderr, result.stderr
    assert "hint: the note of a page shown partly in another language, with {language} the name of that language" \
        in result.stderr
    for key in ("language_in", "date_full", "date_month_year"):
        assert f"strings/es.yml:{len(written)}:1: {key}: missing string" in result.stderr
    assert ('hint: add  date_full: "…"  at the end of the file (how a full date is written, with {day}, {month} (a month_ name) and {year}; '
            "English: '{day} {month} {year}', French: '{day} {month} {year}')") in result.stderr
    assert "hint: add  language_in: \"…\"  at the end of the file (a language's name as the open-data line lists it" in result.stderr
    assert "Casebook found 4 error(s)" in result.stderr


def test_a_missing_strings_file_and_an_unknown_string(tmp_path: Path) -> None:
    src = make_site(tmp_path, ["en", "es"], options="apa_fallback: en\n")
    result = build(src)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "strings/es.yml:0:0: languages: no interface strings for 'es'" in result.stderr
    assert "casebook strings en > strings/es.yml" in result.stderr
    bad = {**es_strings(), "case_indx": "ES"}
    (src / "strings").mkdir(exist_ok=True)
    (src / "strings" / "es.yml").write_text(yaml.safe_dump(bad, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = build(src)
    written = (src / "strings" / "es.yml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, ln in enumerate(written, 1) if ln.startswith("case_indx:"))
    assert f"strings/es.yml:{line}:1: case_indx: unknown string 'case_indx'; did you mean 'case_index'" \
        in result.stderr, result.stderr


def test_a_bad_list_of_languages_is_located_in_mkdocs_yml(tmp_path: Path) -> None:
    src = make_site(tmp_path, ["en"])
    config = (src / "mkdocs.yml").read_text(encoding="utf-8").replace("languages: [en]", "languages: [en, EN, en]")
    (src / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = build(src)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    line = next(i for i, ln in enumerate(config.splitlines(), 1) if "languages:" in ln)
    assert f"mkdocs.yml:{line}:1: plugins.casebook/cases.languages: 'EN' is not a language code" in result.stderr
    assert "en listed twice" in result.stderr


def test_validate_on_an_english_only_site_refuses_an_undeclared_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from casebook.cli import main

    src = make_site(tmp_path, ["en"])
    assert main(["validate", "--root", str(src)]) == 0
    case = src / "cases" / "committee.yml"
    case.write_text(case.read_text(encoding="utf-8").replace('{"en": "A joint committee"}',
                                                            '{"en": "A joint committee", "fr": "Un comité"}'),
                    encoding="utf-8")
    assert main(["validate", "--root", str(src)]) == 1
    out = capsys.readouterr().out
    assert re.search(r"cases/committee\.yml:1:\d+: title\.fr: unknown key 'fr'", out), out


# ---- the URL convention and texts, as functions ---------------------------------------------------------------------

def test_urls_follow_the_declared_order() -> None:
    use_languages(Languages(("en", "fr", "es")))
    assert page_url("en", "cases/x/") == "cases/x/" and page_url("es", "cases/x/") == "es/cases/x/"
    assert lang_of_url("es/cases/x/") == "es" and lang_of_url("en/cases/x/") == "en"  # "en/" is just a folder here
    assert counterpart_url("fr/cases/x/", "en") == "cases/x/"
    assert counterpart_url("cases/x/", "es") == "es/cases/x/"
    use_languages(Languages())
    assert page_url("en", "cases/x/") == "en/cases/x/" and lang_of_url("cases/x/") == "fr"


def test_a_text_falls_back_to_the_first_language_then_the_others() -> None:
    use_languages(Languages(("en", "fr", "es")))
    text = Localized.from_data({"en": "Hello", "fr": "Bonjour"})
    assert text.get("es") == "" and text.pending("es")
    assert text.best_with_lang("es") == ("Hello", "en")
    assert Localized.from_data({"en": "Hello", "es": "Hola"}).best("es") == "Hola"
    assert Localized.from_data({"fr": "Bonjour"}).best_with_lang("es") == ("Bonjour", "fr")


def test_a_site_without_strings_files_has_the_generic_case_index_introduction(en_only: Path, en_fr: Path) -> None:
    def intro(site: Path, path: str) -> str:
        found = re.search(r'<h1 id="cases">[^<]*</h1>\s*<p>(.*?)</p>', read(site, path), re.S)
        assert found, path
        return html.unescape(found[1])

    assert intro(en_only, "cases/index.html") == "Each case has a page of its own: browse the list to open one."
    assert intro(en_fr, "fr/cases/index.html") == "Chaque cas a sa propre page\u00a0: parcourez la liste pour en ouvrir un."
