"""Located messages for contributors: ``path:line:column: field.path: message``."""

from __future__ import annotations

import dataclasses
import difflib
import enum
import posixpath
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class Severity(enum.IntEnum):
    INFO = 0
    WARNING = 1  # fails ``--strict`` builds (e.g. a translation pending)
    ERROR = 2


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in an input file."""

    path: str
    line: int
    column: int
    field: str
    message: str
    severity: Severity = Severity.ERROR
    hint: str = dataclasses.field(default="", compare=False)  # what to do, in plain words (shown below the message)

    def format(self) -> str:
        name = self.field or "<file>"
        return f"{self.path}:{self.line}:{self.column}: {name}: {self.message}"

    def __str__(self) -> str:
        return self.format()


def errors(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diags if d.severity is Severity.ERROR]


def warnings(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diags if d.severity is Severity.WARNING]


def sort_diagnostics(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diags), key=lambda d: (d.path, d.line, d.column, d.field, d.message))


# Information messages that come in numbers: a build prints one line per kind (how many, where, and the command that
# lists them) instead of one line each. The key is the message each diagnostic of the kind carries.
UNCITED = "never cited: no page cites or lists this work"
ORPHAN = "no case refers to this concept and it has no relation"
_KINDS = {
    UNCITED: ("works", "are never cited", "casebook validate --uncited lists them"),
    ORPHAN: ("concepts", "are used by no case and have no relation", "casebook validate -v lists them"),
}


def notice_summary(infos: Iterable[Diagnostic]) -> list[str]:
    """One line per kind of information message: ``101 works in bibliography/ are never cited (casebook validate
    --uncited lists them)``. A kind with one message keeps it whole; messages of no known kind are kept as they are."""
    groups: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in infos:
        groups[d.message if d.message in _KINDS else f"\0{d.format()}"].append(d)
    lines: list[str] = []
    for key, found in groups.items():
        if key not in _KINDS or len(found) == 1:
            lines.extend(d.format() for d in found)
            continue
        many, verb, how = _KINDS[key]
        folders = sorted({posixpath.dirname(d.path) for d in found})
        where = f" in {folders[0]}/" if len(folders) == 1 and folders[0] else ""
        lines.append(f"{len(found)} {many}{where} {verb} ({how})")
    return lines


def close_matches(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The valid names nearest to a misspelt one (at most ``n``, the nearest first)."""
    return difflib.get_close_matches(word, list(candidates), n=n, cutoff=0.6)


def did_you_mean(names: list[str]) -> str:
    """``: did you mean 'summary'?`` (or ``'a' or 'b'``), or nothing when there is no near name."""
    if not names:
        return ""
    quoted = [f"'{n}'" for n in names]
    return "; did you mean " + (quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]) + "?"


def display_path(path: Path, root: Path | None) -> str:
    """The path shown in diagnostics: relative to ``root``, control and invisible characters escaped."""
    shown = path.as_posix()
    if root is not None:
        try:
            shown = path.relative_to(root).as_posix()
        except ValueError:
            pass
    return printable(shown)


def printable(text: str) -> str:
    """``text`` with newlines, escape sequences and invisible characters written as ``\\n``, ``\\x1b``, ``\\u200b``.

    A file name may hold them; printed raw they would forge a second diagnostic line or recolour the terminal.
    """
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def describe_value(value: Any) -> str:
    """A value from an input file as a message names it: its kind for a mapping or a list, else itself, cut short."""
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "nothing"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"
