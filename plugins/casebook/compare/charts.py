"""Cross-case pictures drawn at build time as SVG: a heatmap of categories × cases and a timeline of periods.

Same rules as :mod:`casebook.compare.svg`: ``role="img"`` (``group`` when it holds links) with ``<title>`` and
``<desc>``, every label escaped, numbers written in the cells so the picture reads in black and white, and a data
table beside it in the page (the matrix or the list of periods) as its text alternative.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..base import dates
from .svg import WIDTH, Span


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


@dataclass(frozen=True)
class Axis:
    """A row or column of a heatmap: an id, a label, the page it links to (optional) and the label's language when it
    is not the page's (an untranslated label, written with its ``lang``)."""

    id: str
    label: str
    href: str = ""
    lang: str = ""


def _role(has_links: bool) -> str:
    """``img`` for a plain picture; ``group`` when it holds links, as an img's children are presentational and
    its links would be hidden from assistive technology (axe: nested-interactive)."""
    return "group" if has_links else "img"


def _link(href: str, inner: str) -> str:
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


def _lines(text: str, width: int, most: int = 3) -> list[str]:
    """``text`` in lines of about ``width`` characters, cut between words; past ``most`` lines the last one ends
    with "…" (the full label is the link's title and the table's row header)."""
    lines: list[str] = []
    for word in " ".join(text.split()).split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > most:
        lines = [*lines[: most - 1], _short(" ".join(lines[most - 1:]), width)]
    return lines


def _lang(lang: str) -> str:
    """The ``lang`` attribute of a label in another language than the page's (SVG 2's, as in HTML; the Nu checker
    accepts it on ``<text>``), or nothing."""
    return f' lang="{escape(lang)}"' if lang else ""


def _tspans(lines: Sequence[str], x: float, step: float) -> str:
    """Lines of one ``<text>``, centred on its ``y``."""
    first = -(len(lines) - 1) * step / 2
    return "".join(f'<tspan x="{x:.1f}" dy="{first if i == 0 else step:.1f}">{escape(line)}</tspan>'
                   for i, line in enumerate(lines))


def heatmap(rows: Sequence[Axis], cols: Sequence[Axis], value: Callable[[str, str], int], *, title: str, desc: str,
            uid: str, cell_title: Callable[[Axis, Axis, int], str], legend: str,
            totals: tuple[str, str] = ("", "")) -> Markup:
    """Rows × columns, each cell shaded by its value (0, 1, 2, 3 or more) and showing it as a number.

    Labels are whole, on up to three lines (the slanted column heads are one or two in practice). ``totals`` names the margins
    when given: a last column counting the columns each row has a value in (the cases that name a category), and a
    last row adding up each column (the items a case names).
    """
    if not rows or not cols:
        return Markup("")
    col_total, row_total = totals
    label_w, over, line = 200, 92, 14
    ncols = len(cols) + (1 if col_total else 0)
    cell = max(24.0, min(44.0, (WIDTH - label_w - over) / ncols))
    heads = [_lines(c.label, 26) for c in cols] + ([_lines(col_total, 26)] if col_total else [])
    head_h = 24 + max(max(len(x) for h in heads for x in h) * 7.2 * 0.87, 40) + line  # 12 px text: about 7 units a letter
    row_lines = [_lines(r.label, 30) for r in rows]
    row_h = [max(cell, len(ls) * line + 8) for ls in row_lines]
    body_h = sum(row_h) + (cell if row_total else 0)
    width = max(WIDTH, label_w + cell * ncols + over)
    height = head_h + body_h + 48
    role = _role(any(a.href for a in (*rows, *cols)))
    out = [f'<svg class="cb-heatmap" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
           f'role="{role}" aria-labelledby="{uid}-t {uid}-d" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>']
    axes: list[Axis | None] = [*cols, None] if col_total else list(cols)
    for j, (col, lines) in enumerate(zip(axes, heads, strict=True)):
        x, y = label_w + cell * j + cell / 2, head_h - 8
        text = (f'<text x="{x:.1f}" y="{y:.1f}" transform="rotate(-60 {x:.1f} {y:.1f})" '
                f'class="cb-label{"" if col else " cb-total"}"{_lang(col.lang if col else "")}>'
                f'{_tspans(lines, x, line)}</text>')
        out.append(_link(col.href, text) if col else text)
    y = head_h
    sums = [0] * len(cols)
    for i, row in enumerate(rows):
        h = row_h[i]
        text = (f'<text x="{label_w - 8}" y="{y + h / 2 + 4:.1f}" text-anchor="end" class="cb-label"{_lang(row.lang)}>'
                f'{_tspans(row_lines[i], label_w - 8, line)}</text>')
        out.append(_link(row.href, text))
        named = 0
        for j, col in enumerate(cols):
            n = value(row.id, col.id)
            sums[j] += n
            named += 1 if n else 0
            x = label_w + cell * j
            out.append(f'<g class="cb-h{min(n, 3)}"><title>{escape(cell_title(row, col, n))}</title>'
                       f'<rect x="{x + 1:.1f}" y="{y + 1:.1f}" width="{cell - 2:.1f}" height="{h - 2:.1f}" rx="2"/>')
            if n:
                out.append(f'<text x="{x + cell / 2:.1f}" y="{y + h / 2 + 4:.1f}" text-anchor="middle">{n}</text>')
            out.append("</g>")
        if col_total:
            x = label_w + cell * len(cols) + cell / 2
            out.append(f'<text x="{x:.1f}" y="{y + h / 2 + 4:.1f}" text-anchor="middle" class="cb-total">{named}</text>')
        y += h
    if row_total:
        out.append(f'<line x1="{label_w - 4}" y1="{y + 1:.1f}" x2="{label_w + cell * len(cols):.1f}" y2="{y + 1:.1f}" class="cb-rule"/>')
        out.append(f'<text x="{label_w - 8}" y="{y + cell / 2 + 4:.1f}" text-anchor="end" class="cb-label cb-total">{escape(row_total)}</text>')
        for j, total in enumerate(sums):
            out.append(f'<text x="{label_w + cell * j + cell / 2:.1f}" y="{y + cell / 2 + 4:.1f}" text-anchor="middle" '
                       f'class="cb-total">{total}</text>')
        y += cell
    ly = y + 18
    out.append(f'<text x="{label_w - 8}" y="{ly + 12}" text-anchor="end" class="cb-label">{escape(legend)}</text>')
    for k, name in enumerate(("0", "1", "2", "3+")):
        x = label_w + k * 52
        out.append(f'<g class="cb-h{k}"><rect x="{x}" y="{ly}" width="16" height="16" rx="2"/></g>'
                   f'<text x="{x + 22}" y="{ly + 13}" class="cb-label">{name}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def period_timeline(bars: Sequence[Span], *, title: str, desc: str, uid: str, open_label: str) -> Markup:
    """One labelled bar a case on a shared year axis (a :class:`Span` a case's period, linking to its page); a
    period with no ``end`` (the case gives none) fades out at the axis end."""
    bars = [b for b in bars if dates.parse(b.start)]
    if not bars:
        return Markup("")
    lo = float(int(min(dates.fraction(b.start) for b in bars)))
    hi = max(dates.fraction(b.end or b.start, end=True) for b in bars)
    hi = float(int(hi) + (0 if hi == int(hi) else 1))
    if any(not b.end for b in bars):
        hi += 1  # room to show that an open period runs on
    hi = max(hi, lo + 1)
    label_w, width, line = 230, WIDTH, 14
    lines = [_lines(b.label, 34, 2) for b in bars]
    rows_h = [max(24, len(ls) * line + 8) for ls in lines]
    scale = (width - label_w - 20) / (hi - lo)
    height = 34 + sum(rows_h) + 8
    out = [f'<svg class="cb-periods" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'role="{_role(any(b.href for b in bars))}" aria-labelledby="{uid}-t {uid}-d" '
           f'xmlns="http://www.w3.org/2000/svg"><title id="{uid}-t">{escape(title)}</title>'
           f'<desc id="{uid}-d">{escape(desc)}</desc>',
           f'<defs><linearGradient id="{uid}-fade"><stop offset="0" class="cb-fade-a"/><stop offset="1" class="cb-fade-b"/>'
           f'</linearGradient></defs>']
    span = int(hi - lo)
    step = 1 if span <= 12 else 2 if span <= 24 else 5 if span <= 80 else 10  # year labels 40 units apart or more
    for year in range(int(lo), int(hi) + 1):
        x = label_w + (year - lo) * scale
        out.append(f'<line x1="{x:.1f}" y1="20" x2="{x:.1f}" y2="{height - 6}" class="cb-grid"/>')
        if year % step == 0:
            out.append(f'<text x="{x:.1f}" y="13" text-anchor="middle" class="cb-year">{year}</text>')
    y = 24
    for i, b in enumerate(bars):
        mid = y + rows_h[i] / 2
        x0 = label_w + (dates.fraction(b.start) - lo) * scale
        if b.end:
            x1 = label_w + (dates.fraction(b.end, end=True) - lo) * scale
            bar = f'<rect x="{x0:.1f}" y="{mid - 7:.1f}" width="{max(x1 - x0, 4):.1f}" height="14" rx="3" class="cb-span"/>'
        else:
            x1 = label_w + (hi - lo) * scale
            bar = (f'<rect x="{x0:.1f}" y="{mid - 7:.1f}" width="{max(x1 - x0, 4):.1f}" height="14" rx="3" '
                   f'class="cb-open" fill="url(#{uid}-fade)"><title>{escape(open_label)}</title></rect>')
        text = (f'<text x="{label_w - 8}" y="{mid + 4:.1f}" text-anchor="end" class="cb-label"{_lang(b.lang)}>'
                f'{_tspans(lines[i], label_w - 8, line)}</text>')
        out.append(_link(b.href, text + bar))
        y += rows_h[i]
    out.append("</svg>")
    return Markup("".join(out))
