"""Cross-case pictures drawn at build time as SVG: a heatmap of categories × cases and a timeline of periods.

Same rules as :mod:`casebook.core.svg`: ``role="img"`` (``group`` when it holds links) with ``<title>`` and
``<desc>``, every label escaped, numbers written in the cells so the picture reads in black and white, and a data
table beside it in the page (the matrix or the list of periods) as its text alternative.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from . import dates


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


@dataclass(frozen=True)
class Axis:
    """A row or column of a heatmap: an id, a label, and the page it links to (optional)."""

    id: str
    label: str
    href: str = ""


def _role(has_links: bool) -> str:
    """``img`` for a plain picture; ``group`` when it holds links, as an img's children are presentational and
    its links would be hidden from assistive technology (axe: nested-interactive)."""
    return "group" if has_links else "img"


def _link(href: str, inner: str) -> str:
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


def heatmap(rows: Sequence[Axis], cols: Sequence[Axis], value: Callable[[str, str], int], *, title: str, desc: str,
            uid: str, cell_title: Callable[[Axis, Axis, int], str], legend: str) -> Markup:
    """Rows × columns, each cell shaded by its value (0, 1, 2, 3 or more) and showing it as a number."""
    if not rows or not cols:
        return Markup("")
    label_w, head_h = 240, 150
    cell = max(14.0, min(30.0, (900 - label_w) / len(cols)))
    width = label_w + cell * len(cols) + 110  # room for the last slanted column labels
    height = head_h + cell * len(rows) + 50
    role = _role(any(a.href for a in (*rows, *cols)))
    out = [f'<svg class="cb-heatmap" viewBox="0 0 {width:.0f} {height:.0f}" role="{role}" '
           f'aria-labelledby="{uid}-t {uid}-d" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>']
    for j, col in enumerate(cols):
        x = label_w + cell * j + cell / 2
        text = (f'<text x="{x:.1f}" y="{head_h - 6}" transform="rotate(-55 {x:.1f} {head_h - 6})" '
                f'class="cb-label">{escape(_short(col.label, 26))}</text>')
        out.append(_link(col.href, text))
    for i, row in enumerate(rows):
        y = head_h + cell * i
        text = f'<text x="{label_w - 8}" y="{y + cell / 2 + 4:.1f}" text-anchor="end" class="cb-label">{escape(_short(row.label, 36))}</text>'
        out.append(_link(row.href, text))
        for j, col in enumerate(cols):
            n = value(row.id, col.id)
            x = label_w + cell * j
            level = min(n, 3)
            out.append(f'<g class="cb-h{level}"><title>{escape(cell_title(row, col, n))}</title>'
                       f'<rect x="{x + 1:.1f}" y="{y + 1:.1f}" width="{cell - 2:.1f}" height="{cell - 2:.1f}" rx="2"/>')
            if n:
                out.append(f'<text x="{x + cell / 2:.1f}" y="{y + cell / 2 + 4:.1f}" text-anchor="middle">{n}</text>')
            out.append("</g>")
    ly = head_h + cell * len(rows) + 18
    out.append(f'<text x="{label_w - 8}" y="{ly + 12}" text-anchor="end" class="cb-label">{escape(legend)}</text>')
    for k, name in enumerate(("0", "1", "2", "3+")):
        x = label_w + k * 48
        out.append(f'<g class="cb-h{k}"><rect x="{x}" y="{ly}" width="16" height="16" rx="2"/></g>'
                   f'<text x="{x + 22}" y="{ly + 12}" class="cb-label">{name}</text>')
    out.append("</svg>")
    return Markup("".join(out))


@dataclass(frozen=True)
class PeriodBar:
    """One case's period: ``end`` empty means the case gives no end (drawn running on to the axis end)."""

    label: str
    start: str
    end: str = ""
    href: str = ""


def period_timeline(bars: Sequence[PeriodBar], *, title: str, desc: str, uid: str, open_label: str) -> Markup:
    """One labelled bar a case on a shared year axis; a period with no end fades out at the axis end."""
    bars = [b for b in bars if dates.parse(b.start)]
    if not bars:
        return Markup("")
    lo = float(int(min(dates.fraction(b.start) for b in bars)))
    hi = max(dates.fraction(b.end or b.start, end=True) for b in bars)
    hi = float(int(hi) + (0 if hi == int(hi) else 1))
    if any(not b.end for b in bars):
        hi += 1  # room to show that an open period runs on
    hi = max(hi, lo + 1)
    label_w, width, row_h = 250, 760, 24
    scale = (width - label_w - 20) / (hi - lo)
    height = 34 + row_h * len(bars) + 8
    out = [f'<svg class="cb-periods" viewBox="0 0 {width} {height}" role="{_role(any(b.href for b in bars))}" '
           f'aria-labelledby="{uid}-t {uid}-d" '
           f'xmlns="http://www.w3.org/2000/svg"><title id="{uid}-t">{escape(title)}</title>'
           f'<desc id="{uid}-d">{escape(desc)}</desc>',
           f'<defs><linearGradient id="{uid}-fade"><stop offset="0" class="cb-fade-a"/><stop offset="1" class="cb-fade-b"/>'
           f'</linearGradient></defs>']
    span = int(hi - lo)
    step = 1 if span <= 16 else 5 if span <= 80 else 10
    for year in range(int(lo), int(hi) + 1):
        x = label_w + (year - lo) * scale
        out.append(f'<line x1="{x:.1f}" y1="20" x2="{x:.1f}" y2="{height - 6}" class="cb-grid"/>')
        if year % step == 0:
            out.append(f'<text x="{x:.1f}" y="13" text-anchor="middle" class="cb-year">{year}</text>')
    for i, b in enumerate(bars):
        y = 34 + i * row_h
        x0 = label_w + (dates.fraction(b.start) - lo) * scale
        if b.end:
            x1 = label_w + (dates.fraction(b.end, end=True) - lo) * scale
            bar = f'<rect x="{x0:.1f}" y="{y - 7}" width="{max(x1 - x0, 4):.1f}" height="14" rx="3" class="cb-span"/>'
        else:
            x1 = label_w + (hi - lo) * scale
            bar = (f'<rect x="{x0:.1f}" y="{y - 7}" width="{max(x1 - x0, 4):.1f}" height="14" rx="3" '
                   f'class="cb-open" fill="url(#{uid}-fade)"><title>{escape(open_label)}</title></rect>')
        text = f'<text x="{label_w - 8}" y="{y + 4}" text-anchor="end" class="cb-label">{escape(_short(b.label, 36))}</text>'
        out.append(_link(b.href, text + bar))
    out.append("</svg>")
    return Markup("".join(out))
