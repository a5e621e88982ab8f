"""Located messages for contributors: ``path:line:column: field.path: message``."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


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

    def format(self) -> str:
        field = self.field or "<file>"
        return f"{self.path}:{self.line}:{self.column}: {field}: {self.message}"

    def __str__(self) -> str:
        return self.format()


def errors(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diags if d.severity is Severity.ERROR]


def warnings(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diags if d.severity is Severity.WARNING]


def sort_diagnostics(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diags), key=lambda d: (d.path, d.line, d.column, d.field, d.message))
