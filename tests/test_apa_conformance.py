"""APA 7 conformance: the cases of tests/apa/cases.yml, each named by the rule it tests (see that file's header).

Each case gives BibTeX; the test formats it as the site does (``APA.reference`` for the lists, the Markdown
citation extension for the pages) and compares with the strings written from the rule.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from casebook.bibliography.apa import APA
from casebook.bibliography.model import Bibliography, parse_bibtex
from casebook.content.citations import CitationState
from casebook.content.markup import TextRenderer

CASES: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "apa" / "cases.yml").read_text(encoding="utf-8"))
LANGS = ("fr", "en")


def text(markup: str) -> str:
    """What a reader sees, with italics as *…*: tags dropped, entities decoded, no-break spaces as spaces."""
    out = re.sub(r"</?i(?:\s[^>]*)?>", "*", str(markup))  # <i lang="en">: a title in its own language
    out = re.sub(r"<[^>]+>", "", out)
    return re.sub(r"\s+", " ", html.unescape(out).replace("\u00a0", " ").replace("\u202f", " ")).strip()


def formatter(case: dict[str, Any]) -> APA:
    refs, diags = parse_bibtex(case["bib"], f"{case['id']}.bib")
    assert [d.format() for d in diags] == []
    return APA(Bibliography({r.key: r for r in refs}))


def first_key(case: dict[str, Any]) -> str:
    return case.get("key") or re.search(r"@\w+\{([^,]+),", case["bib"])[1]  # type: ignore[index]


def cited(apa: APA, source: str, lang: str) -> str:
    state = CitationState(apa=apa, lang=lang)
    out = text(TextRenderer(state).block(source))
    assert state.unknown == []
    return out


def test_the_suite_is_large_and_every_case_names_its_rule() -> None:
    assert len(CASES) >= 80
    assert len({c["id"] for c in CASES}) == len(CASES)
    for case in CASES:
        assert re.search(r"§\d+\.\d+|Casebook choice", case["rule"]), case["id"]
        assert any(k in case for k in ("fr", "en", "cite", "narrative", "cites", "order", "more")), case["id"]


def test_every_entry_type_of_the_bibliography_is_covered() -> None:
    used = {m.lower() for f in (Path(__file__).parent.parent / "bibliography").glob("*.bib")
            for m in re.findall(r"^@(\w+)\{", f.read_text(encoding="utf-8"), re.M)}
    covered = {m.lower() for c in CASES for m in re.findall(r"@(\w+)\{", c["bib"])}
    assert used <= covered, used - covered


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    apa = formatter(case)
    key = first_key(case)
    wrong: list[str] = []

    def check(what: str, got: str, want: str) -> None:
        if got != want:
            wrong.append(f"{what}\n    want: {want}\n    got:  {got}")

    for lang in LANGS:
        if lang in case:
            check(f"{lang} list, {key}", text(apa.reference(key, lang)), case[lang])
        for extra in case.get("more", []):
            check(f"{lang} list, {extra['key']}", text(apa.reference(extra["key"], lang)), extra[lang])
        if "cite" in case:
            check(f"{lang} [@{key}]", cited(apa, f"[@{key}]", lang), case["cite"][lang])
        if "narrative" in case:
            check(f"{lang} @{key}", cited(apa, f"@{key}", lang), case["narrative"][lang])
        for c in case.get("cites", []):
            check(f"{lang} {c['src']}", cited(apa, c["src"], lang), c[lang])
    if "order" in case:
        check("order", " ".join(apa.sorted_keys()), " ".join(case["order"]))
    assert not wrong, f"{case['id']} ({case['rule']}):\n  " + "\n  ".join(wrong)
