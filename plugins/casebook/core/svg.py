"""Pictures drawn at build time as SVG: readable without JavaScript, in print, with a text alternative."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from . import dates


@dataclass(frozen=True)
class Span:
    """One bar or point on a time axis."""

    label: str
    start: str
    end: str = ""
    href: str = ""


def _wrap(text: str, width: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    if line:
        lines.append(line)
    return lines[:2] if len(lines) <= 2 else [lines[0], lines[1][: width - 1] + "…"]


def timeline(events: Sequence[Span], title: str, desc: str, uid: str) -> Markup:
    """Dated events as points on a horizontal axis; labels go in numbered rows so they never overlap.

    The picture shows numbers; the ordered list that follows it in the page is the text alternative
    and carries the full wording.
    """
    if not events:
        return Markup("")
    lo = min(dates.fraction(e.start) for e in events)
    hi = max(dates.fraction(e.end or e.start, end=True) for e in events)
    lo, hi = float(int(lo)), float(int(hi) + (0 if hi == int(hi) else 1))
    if hi <= lo:
        hi = lo + 1
    width, left, right = 760, 20, 20
    scale = (width - left - right) / (hi - lo)
    rows: list[float] = []  # right edge of the last marker in each row
    marks = []
    for i, e in enumerate(events, 1):
        x0 = left + (dates.fraction(e.start) - lo) * scale
        x1 = left + (dates.fraction(e.end, end=True) - lo) * scale if e.end else x0
        need = x0 - 14
        row = next((r for r, edge in enumerate(rows) if edge < need), None)
        if row is None:
            rows.append(0)
            row = len(rows) - 1
        rows[row] = max(x1, x0 + 18)
        marks.append((i, x0, x1, row))
    axis_y = 30 + len(rows) * 22
    height = axis_y + 34
    out = [f'<svg class="cb-timeline" viewBox="0 0 {width} {height}" role="img" '
           f'aria-labelledby="{uid}-t {uid}-d" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>',
           f'<line x1="{left}" y1="{axis_y}" x2="{width - right}" y2="{axis_y}" class="cb-axis"/>']
    for year in range(int(lo), int(hi) + 1):
        x = left + (year - lo) * scale
        out.append(f'<line x1="{x:.1f}" y1="{axis_y - 4}" x2="{x:.1f}" y2="{axis_y + 4}" class="cb-axis"/>')
        if (hi - lo) <= 20 or year % 5 == 0:
            out.append(f'<text x="{x:.1f}" y="{axis_y + 20}" class="cb-year" text-anchor="middle">{year}</text>')
    for i, x0, x1, row in marks:
        y = 22 + row * 22
        if x1 > x0 + 1:
            out.append(f'<rect x="{x0:.1f}" y="{y - 5}" width="{x1 - x0:.1f}" height="10" rx="3" class="cb-span"/>')
        out.append(f'<line x1="{x0:.1f}" y1="{y + 6}" x2="{x0:.1f}" y2="{axis_y}" class="cb-tick"/>')
        out.append(f'<circle cx="{x0:.1f}" cy="{y}" r="8" class="cb-dot"/>')
        out.append(f'<text x="{x0:.1f}" y="{y + 4}" text-anchor="middle" class="cb-num">{i}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def periods(spans: Sequence[Span], title: str, desc: str, uid: str) -> Markup:
    """One labelled bar per item (e.g. every case's period), linked where ``href`` is set."""
    if not spans:
        return Markup("")
    lo = float(int(min(dates.fraction(s.start) for s in spans)))
    hi = max(dates.fraction(s.end or s.start, end=True) for s in spans)
    hi = float(int(hi) + (0 if hi == int(hi) else 1))
    hi = max(hi, lo + 1)
    label_w, width, row_h = 250, 760, 26
    scale = (width - label_w - 20) / (hi - lo)
    height = 30 + row_h * len(spans) + 10
    # With links inside, a group: an img's children are presentational, which would hide the links.
    role = "group" if any(s.href for s in spans) else "img"
    out = [f'<svg class="cb-periods" viewBox="0 0 {width} {height}" role="{role}" aria-labelledby="{uid}-t {uid}-d" '
           f'xmlns="http://www.w3.org/2000/svg"><title id="{uid}-t">{escape(title)}</title>'
           f'<desc id="{uid}-d">{escape(desc)}</desc>']
    for year in range(int(lo), int(hi) + 1):
        x = label_w + (year - lo) * scale
        out.append(f'<line x1="{x:.1f}" y1="18" x2="{x:.1f}" y2="{height - 8}" class="cb-grid"/>')
        if (hi - lo) <= 16 or year % 5 == 0:
            out.append(f'<text x="{x:.1f}" y="12" text-anchor="middle" class="cb-year">{year}</text>')
    for i, s in enumerate(spans):
        y = 30 + i * row_h
        x0 = label_w + (dates.fraction(s.start) - lo) * scale
        x1 = label_w + (dates.fraction(s.end or s.start, end=True) - lo) * scale
        label = escape(_wrap(s.label, 34)[0])
        text = f'<text x="{label_w - 8}" y="{y + 5}" text-anchor="end" class="cb-label">{label}</text>'
        bar = f'<rect x="{x0:.1f}" y="{y - 7}" width="{max(x1 - x0, 4):.1f}" height="14" rx="3" class="cb-span"/>'
        if s.href:
            out.append(f'<a href="{escape(s.href)}">{text}{bar}</a>')
        else:
            out.append(text + bar)
    out.append("</svg>")
    return Markup("".join(out))
