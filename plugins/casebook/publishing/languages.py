"""The site's declared languages made the domain's: the list checked, the APA terms of each found (or the fallback the
site names), the strings files read. Shared by the MkDocs plugins and ``casebook validate``; nothing here imports
MkDocs. Every problem is a diagnostic located in ``mkdocs.yml`` (or in the strings file) saying what to do."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..base.diagnostics import Diagnostic
from ..base.i18n import Languages, language_errors, language_name, use_languages
from ..base.ui import load_strings, use_strings
from ..bibliography.apa import TERMS

DEFAULT_LANGUAGES = ("fr", "en")


def _line_of(config_file: Path, option: str) -> int:
    """The line of ``option:`` in the configuration file (0 when not found: the option is not written there)."""
    try:
        lines = config_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    pattern = re.compile(rf"^\s*{re.escape(option)}\s*:")
    return next((i for i, line in enumerate(lines, 1) if pattern.match(line)), 0)


def declare_languages(codes: Any, apa_fallback: Any, strings_dir: str, root: Path, config_file: Path,
                      owner: str = "casebook/cases") -> list[Diagnostic]:
    """Check the declaration and, when it is good, make it the site's (languages, then strings). ``owner``: the plugin
    whose option it is, named in the messages."""
    try:
        shown = config_file.relative_to(root).as_posix()
    except ValueError:
        shown = str(config_file)
    field = f"plugins.{owner}.languages"
    line = _line_of(config_file, "languages")
    problems = language_errors(codes)
    if problems:
        return [Diagnostic(shown, line, 1 if line else 0, field, p) for p in problems]
    if apa_fallback is not None and apa_fallback not in TERMS:
        fl = _line_of(config_file, "apa_fallback")
        return [Diagnostic(shown, fl, 1 if fl else 0, f"plugins.{owner}.apa_fallback",
                           f"{apa_fallback!r} has no APA 7 terms either", hint=f"write one of: {', '.join(TERMS)}")]
    missing = [code for code in codes if code not in TERMS]
    if missing and apa_fallback is None:
        names = ", ".join(language_name(code) for code in missing)
        return [Diagnostic(shown, line, 1 if line else 0, field,
                           f"no APA 7 terms for {names}: Casebook has them for {', '.join(TERMS)} only",
                           hint=f"add `apa_fallback: en` to plugins.{owner} to format the references, citations and "
                                "'Cite this page' of that language with the English terms, or remove the language")]
    langs = use_languages(Languages(tuple(codes), apa_fallback))
    found, diags = load_strings(root / strings_dir, root, langs)
    use_strings(found)
    return diags
