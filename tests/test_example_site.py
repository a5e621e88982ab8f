"""The second site, examples/community-gardens/: a model of its own (other fields, vocabularies and matrices), English
only, built with --strict. What a reader sees there comes from its casebook.yml, not from Casebook's own model."""

from __future__ import annotations

import csv
import html as htmllib
import io
import re
import shutil
from pathlib import Path

import pytest
import yaml

from casebook.base import ui

from .conftest import ROOT, mkdocs_build

EXAMPLE = ROOT / "examples" / "community-gardens"
NOTICE = "Fictional example, for demonstration only"


def text_of(page: str) -> str:
    """What a reader sees: the page's text, scripts, styles and tags left out."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", page)))


def headers(page: str) -> list[str]:
    """The texts of the page's table header cells."""
    return [text_of(h).strip() for h in re.findall(r"<th\b[^>]*>(.*?)</th>", page, flags=re.S)]


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def terms() -> dict[str, str]:
    return {p.stem: load(p)["term"]["en"] for p in (EXAMPLE / "concepts").glob("*.yml") if p.stem != "_schemes"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gardens")
    result = mkdocs_build(EXAMPLE, out, "--strict")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert not [line for line in result.stderr.splitlines() if line.startswith("WARNING")], result.stderr
    return out


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_the_site_is_english_only_at_the_root(built: Path) -> None:
    assert (built / "index.html").is_file() and (built / "cases" / "alder-street" / "index.html").is_file()
    assert not (built / "en").exists() and not (built / "fr").exists(), "one language: no language folders"
    for page in pages(built):
        source = page.read_text(encoding="utf-8")
        assert re.search(r'<html lang="en"', source), page.relative_to(built)
        assert 'hreflang="fr"' not in source and 'lang="fr"' not in source, page.relative_to(built)
    assert "hreflang" not in (built / "sitemap.xml").read_text(encoding="utf-8"), "no alternates on a one-language site"


def test_no_french_interface_anywhere(built: Path) -> None:
    english = set(ui.tr("en", key) for key in ui.UI["en"])
    french = {text for key in ui.UI["fr"] if len(text := ui.tr("fr", key)) >= 8 and text not in english
              and "{" not in text}
    french |= {"Rechercher", "Aller au contenu", "Retour en haut de la page"}  # Material's own French strings
    assert len(french) > 100, "the French strings to look for"
    for page in pages(built):
        shown = text_of(page.read_text(encoding="utf-8"))
        found = sorted(t for t in french if re.search(rf"(?<!\w){re.escape(t)}(?!\w)", shown))
        assert not found, f"{page.relative_to(built)}: French interface text {found[:5]}"


def test_the_home_page_and_every_case_say_they_are_fictional(built: Path) -> None:
    home = text_of((built / "index.html").read_text(encoding="utf-8"))
    assert "Fictional, for demonstration" in home and "none of it is research" in home
    cases = sorted(p.stem for p in (EXAMPLE / "cases").glob("*.yml"))
    assert len(cases) == 4
    for case in cases:
        assert NOTICE in load(EXAMPLE / "cases" / f"{case}.yml")["summary"]["en"]
        shown = text_of((built / "cases" / case / "index.html").read_text(encoding="utf-8"))
        assert NOTICE in shown, case


def test_a_case_page_shows_the_sites_own_fields(built: Path) -> None:
    data = load(EXAMPLE / "cases" / "alder-street.yml")
    names = terms()
    page = (built / "cases" / "alder-street" / "index.html").read_text(encoding="utf-8")
    shown = text_of(page)
    for heading in ("How the garden is run", "Funding model", "Decision rule", "Challenges", "Practices that helped"):
        assert re.search(rf"<h[23][^>]*>\s*{re.escape(heading)}\b", page), heading
    for cid in [*data["funding_model"], data["decision_rule"]]:
        assert names[cid] in shown, cid
    assert f"{data['membership_size']} members" in shown and "Membership size" in shown
    assert "Alderbrook (fictional)" in shown
    for finding in data["challenges"] + data["practices"]:
        assert finding["text"]["en"] in shown
    # Casebook's own model is not this site's
    for ours in ("Sector", "Level", "Type of collaboration", "Research design", "Public values", "Facilitating factors"):
        assert not re.search(rf">\s*{ours}\s*<", page), ours


def test_its_page_descriptions_say_nothing_of_casebook_s_own_site(built: Path) -> None:
    """The generated indexes' descriptions (meta, Open Graph) and the 404 page's link home are Casebook's generic
    strings, not this repository's site's (its public-sector cases, its bilingual glossary, its name)."""
    for path in ("cases/index.html", "concepts/index.html", "bibliography/index.html", "404.html"):
        page = (built / path).read_text(encoding="utf-8")
        described = re.findall(r'<meta (?:name="description"|property="og:description") content="([^"]*)"', page)
        assert described, path
        for text in [*described, text_of(page)]:
            for ours in ("Québec", "bilingual", "public sector", "public-sector", "Casebook home", "Casebook's cases"):
                assert ours not in htmllib.unescape(text), (path, ours)
    cases = (built / "cases" / "index.html").read_text(encoding="utf-8")
    assert 'content="The case studies, each with its period and characteristics."' in cases


def test_the_case_index_introduction_is_the_site_s_own(built: Path) -> None:
    # Casebook's shipped introduction is generic; the example words its own (strings/en.yml), saying what its gardens
    # are, where this repository's site says its cases are told from their published sources.
    page = (built / "cases" / "index.html").read_text(encoding="utf-8")
    intro = re.search(r'<h1 id="cases">[^<]*</h1>\s*<p>(.*?)</p>', page, re.S)
    assert intro, "no introduction under the case index's heading"
    assert text_of(intro[1]) == ("Every garden here is invented, to show what a Casebook site looks like: none of it "
                                 "is research. Browse the gardens, or compare them.")
    assert "published source" not in text_of(page)
    assert ui.SHIPPED_UI["en"]["cases_intro"] == "Each case has a page of its own: browse the list to open one."


def test_the_compare_page_has_the_sites_own_columns(built: Path) -> None:
    model = load(EXAMPLE / "casebook.yml")
    page = (built / "compare" / "index.html").read_text(encoding="utf-8")
    cols = headers(page)
    labels = {name: spec["label"]["en"] for name, spec in model["fields"].items()}
    for column in model["compare"]["columns"]:
        assert labels[column["field"]] in cols, column["field"]
    for ours in ("Sector", "Level", "Type of collaboration", "Facilitating factors", "Data sources"):
        assert ours not in cols, ours
    for case in ("Alder Street", "Harbour Roof", "Millbourne Orchard", "Quarry Hill"):
        assert case in text_of(page)
    assert "cases.json — every case, in English, as JSON" in text_of(page)  # the open data is in its one language
    # no link to the hand-written pages of Casebook's own site (guided comparisons, the open data guide)
    for href in re.findall(r'href="(\.\./[^"#]*)"', page):
        target = (built / "compare" / href).resolve()
        assert (target / "index.html").is_file() or target.is_file(), href


def test_its_matrices_cross_its_own_vocabularies_with_the_gardens(built: Path) -> None:
    model = load(EXAMPLE / "casebook.yml")
    names = terms()
    concepts = {p.stem: load(p) for p in (EXAMPLE / "concepts").glob("*.yml") if p.stem != "_schemes"}
    assert [m["id"] for m in model["compare"]["matrices"]] == ["challenges", "practices"]
    for matrix in model["compare"]["matrices"]:
        vocabulary = model["fields"][matrix["field"]]["vocabulary"]
        page = (built / "compare" / matrix["id"] / "index.html").read_text(encoding="utf-8")
        shown = text_of(page)
        assert matrix["label"]["en"] in shown
        for cid, concept in concepts.items():
            if vocabulary in concept.get("schemes", []):
                assert names[cid] in shown, (matrix["id"], cid)
    assert not (built / "compare" / "facilitating-factors").exists()
    assert not (built / "compare" / "public-values").exists()


def timeline_pictures(page: str) -> list[str]:
    return re.findall(r'<svg class="cb-timeline".*?</svg>', page, flags=re.S)


def events_listed(page: str) -> list[str]:
    """The texts of the case page's event list items, in the page's order."""
    return [text_of(li).strip() for ol in re.findall(r'<ol class="cb-events">(.*?)</ol>', page, flags=re.S)
            for li in re.findall(r"<li>(.*?)</li>", ol, flags=re.S)]


def test_the_case_page_draws_the_timeline_field_the_model_names(built: Path) -> None:
    """The site's timeline field is `milestones` (compare.pictures.timeline): drawn, titled by its label, one dot
    an event, and listed below in date order."""
    data = load(EXAMPLE / "cases" / "alder-street.yml")
    assert "timeline" not in data and len(data["milestones"]) == 3
    page = (built / "cases" / "alder-street" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<h2 id="story"[^>]*>\s*Story', page) and re.search(r">\s*Milestones\s*<", page)
    pictures = timeline_pictures(page)
    assert len(pictures) == 1
    assert re.search(r"<title[^>]*>Milestones — Alder Street</title>", pictures[0])
    assert pictures[0].count('class="cb-dot"') == len(data["milestones"])
    by_date = sorted(data["milestones"], key=lambda e: e["date"])
    listed = events_listed(page)
    assert [e["event"]["en"] for e in by_date] == [t.split(" — ", 1)[1] for t in listed]


def test_no_timeline_picture_when_the_model_names_none(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(EXAMPLE, src)
    model = (src / "casebook.yml").read_text(encoding="utf-8")
    assert model.count("    timeline: {field: milestones}\n") == 1
    (src / "casebook.yml").write_text(model.replace("    timeline: {field: milestones}\n", ""), encoding="utf-8")
    result = mkdocs_build(src, tmp_path / "out", "--strict")
    assert result.returncode == 0, result.stderr
    data = load(src / "cases" / "alder-street.yml")
    page = (tmp_path / "out" / "cases" / "alder-street" / "index.html").read_text(encoding="utf-8")
    assert timeline_pictures(page) == []
    assert 'class="cb-figure"' not in page.split('id="story"', 1)[1].split("</section>", 1)[0]
    assert len(events_listed(page)) == len(data["milestones"]), "the events are still listed"


def test_the_cards_the_years_and_the_order_come_from_the_period_field_the_model_names(built: Path) -> None:
    """The site's period field is `active` (its model's `period: active`): the home page's cards and the case index
    give its years, and the cases are in the order it starts, not in the order of their names."""
    model = load(EXAMPLE / "casebook.yml")
    assert model["period"] == "active" and "period" not in model["fields"]
    cases = {p.stem: load(p) for p in (EXAMPLE / "cases").glob("*.yml")}
    assert all("period" not in data and "active" in data for data in cases.values())
    by_start = sorted(cases, key=lambda c: cases[c]["active"]["start"])
    assert by_start != sorted(cases), "the test needs an order that is not the alphabetical one"
    titles = {c: data["short_title"]["en"] for c, data in cases.items()}

    def years(c: str) -> str:
        return f"{cases[c]['active']['start'][:4]}–{cases[c]['active']['end'][:4]}"

    home = (built / "index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<li class="cb-card">(.*?)</li>', home, flags=re.S)
    assert [text_of(re.sub(r'<p class="cb-card__sectors">.*?</p>', "", card, flags=re.S)).split() for card in cards] \
        == [[*titles[c].split(), years(c)] for c in by_start]
    index = (built / "cases" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr\b[^>]*data-start=.*?</tr>", index, flags=re.S)
    assert [re.search(r'data-start="(\d*)" data-end="(\d*)"', r).groups() for r in rows] == [  # type: ignore[union-attr]
        tuple(years(c).split("–")) for c in by_start]
    assert [text_of(re.search(r'class="cb-index-years">(.*?)</td>', r, flags=re.S)[1]).strip()  # type: ignore[index]
            for r in rows] == [years(c) for c in by_start]


def test_an_items_field_is_a_table_a_csv_and_a_compare_column_from_its_declaration(built: Path) -> None:
    """`work_days` is of type items: the parts of its entries (date, task, volunteers) are declared in the model, not
    in the code. Each is a column of its table on the case page, of the CSV (a line an entry), and its entries are a
    column of the compare page."""
    parts = load(EXAMPLE / "casebook.yml")["fields"]["work_days"]["fields"]
    entries = load(EXAMPLE / "cases" / "alder-street.yml")["work_days"]
    assert len(entries) == 2 and "volunteers" not in entries[1]
    page = (built / "cases" / "alder-street" / "index.html").read_text(encoding="utf-8")
    section = page.split('id="work-days"', 1)[1].split("</table>", 1)[0]
    assert headers(section.split("<tbody>", 1)[0]) == [parts[p]["label"]["en"] for p in parts]  # Date, Task, Members…
    rows = re.findall(r"<tr>(.*?)</tr>", section.split("<tbody>", 1)[1], flags=re.S)
    cells = [[text_of(c).strip() for c in re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", row, flags=re.S)] for row in rows]
    assert [c[1:] for c in cells] == [[e["task"]["en"], str(e.get("volunteers", "—"))] for e in entries]
    assert cells[0][0] == "18 March 2023"  # the date, as the page writes dates
    text = (built / "data" / "cases.csv").read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    row = next(r for r in reader if r["id"] == "alder-street")
    assert row["work_days_date"].split("\n") == [e["date"] for e in entries]
    assert row["work_days_task_en"].split("\n") == [e["task"]["en"] for e in entries]
    assert row["work_days_volunteers"].split("\n") == [str(e.get("volunteers", "")) for e in entries]
    compare = (built / "compare" / "index.html").read_text(encoding="utf-8")
    assert "Work days" in headers(compare)
    for e in entries:
        assert e["task"]["en"] in text_of(compare)


def test_the_case_index_and_the_cards_use_the_sites_facets(built: Path) -> None:
    """No `index:` in the model: the case index's columns and filters are the compare page's filters (funding model,
    decision rule), named as in the compare page's address; the cards give the first one's terms."""
    model = load(EXAMPLE / "casebook.yml")
    assert "index" not in model
    filters = [(c["filter"], c["field"]) for c in model["compare"]["columns"] if c.get("filter") not in (None, "period")]
    assert filters == [("funding", "funding_model"), ("rule", "decision_rule")]
    names = terms()
    page = (built / "cases" / "index.html").read_text(encoding="utf-8")
    thead = page.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert headers(thead) == ["Case", "Years", *(model["fields"][f]["label"]["en"] for _, f in filters)]
    assert re.search(r'data-facets="funding rule"', page)
    for name, _ in filters:
        assert re.search(rf'<select name="{name}">', page), name
    cases = {p.stem: load(p) for p in (EXAMPLE / "cases").glob("*.yml")}
    for case, data in cases.items():
        row = re.search(rf'<tr data-funding="([^"]*)" data-rule="([^"]*)"[^>]*>\s*<th scope="row"><a href="{case}/"',
                        page)
        assert row is not None, case
        assert row[1].split() == data["funding_model"] and row[2] == data["decision_rule"]
    home = (built / "index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<p class="cb-card__sectors">(.*?)</p>', home, flags=re.S)
    by_start = sorted(cases, key=lambda c: cases[c]["active"]["start"])
    assert [text_of(c).strip() for c in cards] == [", ".join(names[f] for f in cases[c]["funding_model"]) for c in by_start]
