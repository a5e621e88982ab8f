"""The shipped interface strings (casebook.base.ui): every one is read somewhere, since a strings file for another
language must translate each of them, and French and English give the same keys with the same placeholders."""

from __future__ import annotations

import re

from casebook.base.ui import SHIPPED_UI

from .conftest import ROOT

# Keys read by a name made at run time, each family with the code that makes it (a template's "ds_" ~ kind, a
# Python f"ds_{kind}"): the family is accepted if that code is there.
FAMILIES = {
    "ds_": r'f"ds_\{|"ds_" ~',  # a data source's kind
    "kind_": r'"kind_" ~',  # an actor's kind
    "type_": r'"type_" ~',  # a work's BibTeX type
    "view_": r'"view_" ~',  # the compare page's views
    "as_": r'"as_" ~',  # how a case uses a concept
    "month_": r'f"month_\{',  # dates
    "lang_": r'f"lang_\{',  # the names of the languages
}


def sources() -> str:
    """Every file that may read a string: the plugins (but the strings' own module) and the theme."""
    files = [p for p in (ROOT / "plugins" / "casebook").rglob("*.py") if p.name != "ui.py"]
    files += [p for p in (ROOT / "theme").rglob("*") if p.suffix in {".html", ".js"}]
    files += [p for p in (ROOT / "plugins" / "casebook" / "templates").rglob("*") if p.is_file()]
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def read_keys(text: str) -> set[str]:
    """The keys of the English strings that ``text`` names: quoted ("key", 'key') or as a property of the compare
    script's strings (t.js_none), or by a family whose name is made at run time."""
    named = set(re.findall(r"""["']([a-z][a-z0-9_-]*)["']""", text)) | set(re.findall(r"\bt\.(js_\w+)", text))
    made = [prefix for prefix, code in FAMILIES.items() if re.search(code, text)]
    return {k for k in SHIPPED_UI["en"] if k in named or k.startswith(tuple(made))}


def test_every_shipped_string_is_read() -> None:
    unread = sorted(set(SHIPPED_UI["en"]) - read_keys(sources()))
    assert not unread, f"strings nothing reads (remove them from casebook/base/ui.py): {unread}"


def test_the_check_sees_an_unread_string() -> None:
    text = sources()
    assert "scroll_cue" in read_keys(text)
    assert "scroll_cue" not in read_keys(text.replace("scroll_cue", "scroll_hint"))
    assert "ds_documents" not in read_keys(re.sub(FAMILIES["ds_"], "", text))


def test_french_and_english_give_the_same_strings() -> None:
    assert set(SHIPPED_UI["fr"]) == set(SHIPPED_UI["en"])
    for key, english in SHIPPED_UI["en"].items():
        assert set(re.findall(r"\{(\w*)\}", SHIPPED_UI["fr"][key])) == set(re.findall(r"\{(\w*)\}", english)), key


def test_the_shipped_strings_are_strings_files_in_a_site_s_format() -> None:
    """French and English ship as casebook/strings/<code>.yml; read as a site's strings files are (load_strings), they
    give the shipped strings, with no problem to report."""
    from casebook.base.i18n import Languages
    from casebook.base.ui import load_strings

    folder = ROOT / "plugins" / "casebook" / "strings"
    found, diags = load_strings(folder, folder, Languages(("fr", "en")))
    assert diags == []
    assert found == SHIPPED_UI
    assert list(found["en"]) == list(SHIPPED_UI["en"])  # the order `casebook strings en` prints them in
