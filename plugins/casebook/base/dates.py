"""Partial ISO dates (``2017``, ``2018-09``, ``2019-05-08``): checks, ordering and display."""

from __future__ import annotations

import calendar
import re

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse(value: str) -> tuple[int, int, int] | None:
    """``(year, month, day)`` with 0 for missing parts, or ``None`` if not a real date."""
    m = _DATE.match(value or "")
    if not m:
        return None
    year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    if m[2] and not 1 <= month <= 12:
        return None
    if m[3] and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return year, month, day


def start_key(value: str) -> tuple[int, int, int]:
    return parse(value) or (9999, 0, 0)


def end_key(value: str) -> tuple[int, int, int]:
    """The last day a partial date can mean: ``2018`` ends on 2018-12-31."""
    p = parse(value)
    if p is None:
        return (9999, 12, 31)
    year, month, day = p
    if not month:
        return year, 12, 31
    if not day:
        return year, month, calendar.monthrange(year, month)[1]
    return p


def before(end: str, start: str) -> bool:
    """True when the period ``start``–``end`` ends before it starts."""
    return end_key(end) < start_key(start)


def fmt(value: str, lang: str) -> str:
    """A partial date as ``lang`` writes it, by the patterns of its strings: ``date_full`` (``{day} {month} {year}``:
    "7 December 2026"; a Spanish strings file may say ``{day} de {month} de {year}``) and ``date_month_year``; French
    writes the first of the month "1er"."""
    p = parse(value)
    if p is None:
        return value
    year, month, day = p
    if not month:
        return str(year)
    from .ui import tr  # the strings import nothing from here

    name = month_name(month, lang)
    pattern = tr(lang, "date_full" if day else "date_month_year")
    shown_day = "1er" if day == 1 and lang == "fr" else str(day)
    return pattern.replace("{day}", shown_day).replace("{month}", name).replace("{year}", str(year))


def month_name(month: int, lang: str) -> str:
    """The month's name in ``lang``, from the strings (``month_1``…; shipped for French and English)."""
    from .ui import tr  # the strings import nothing from here

    return tr(lang, f"month_{month}")


def fraction(value: str, *, end: bool = False) -> float:
    """Position on a time axis, in years (``2018-07`` → about 2018.5)."""
    year, month, day = end_key(value) if end else start_key(value)
    if not month:
        return year + (1.0 if end else 0.0)
    return year + (month - 1 + (day / 31 if day else (1 if end else 0))) / 12
