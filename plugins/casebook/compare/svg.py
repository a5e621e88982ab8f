"""Pictures drawn at build time as SVG: readable without JavaScript, in print, with a text alternative."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..base import dates


@dataclass(frozen=True)
class Span:
    """One bar or point on a time axis: a case's event (``end`` empty: a point) or a case's period on the compare
    page (``end`` empty: the case gives no end), with its link, if any, and its label's language when it is not the
    page's (an untranslated short title)."""

    label: str
    start: str
    end: str = ""
    href: str = ""
    lang: str = ""


# Every picture is drawn this many units wide, its smallest text 12 units: at the content width of a 1280 px window
# (about 690 px) a unit is a CSS pixel or a little more. theme/assets/casebook.css hides it (its list or table stays)
# where its box is narrower than WIDTH * 11 / 12, where its text would fall under 11 px.
WIDTH = 660
MIN_FONT = 12


@dataclass(frozen=True)
class _Segment:
    """Whole years ``first``..``last`` of a broken time axis, drawn from ``x`` over ``width`` units."""

    first: int
    last: int
    x: float
    width: float

    @property
    def per_year(self) -> float:
        return self.width / (self.last - self.first + 1)

    def at(self, t: float) -> float:
        return self.x + (t - self.first) * self.per_year


def _segments(years: set[int], x0: float, x1: float, *, gap: int = 2, brk: float = 28, least: float = 44) -> list[_Segment]:
    """A time axis that skips quiet stretches: years with something in them, run together where no more than ``gap``
    years are empty between them; a stretch of more empty years is cut out and drawn as a break ``brk`` units wide.
    Every segment has the same scale (units per year), except that none is narrower than ``least``."""
    runs: list[list[int]] = []
    for y in sorted(years):
        if runs and y - runs[-1][1] <= gap + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    avail = (x1 - x0) - brk * (len(runs) - 1)
    sizes = [b - a + 1 for a, b in runs]
    fixed: set[int] = set()
    unit = avail / sum(sizes)
    for _ in range(len(runs)):
        small = {i for i, n in enumerate(sizes) if i not in fixed and n * unit < least}
        if not small:
            break
        fixed |= small
        rest = sum(n for i, n in enumerate(sizes) if i not in fixed)
        unit = (avail - least * len(fixed)) / rest if rest else 0
    out, x = [], x0
    for i, (a, b) in enumerate(runs):
        w = least if i in fixed else sizes[i] * unit
        out.append(_Segment(a, b, x, w))
        x += w + brk
    return out


def _x(segments: Sequence[_Segment], t: float) -> float:
    for seg in segments:
        if t <= seg.last + 1:
            return seg.at(max(t, float(seg.first)))
    return segments[-1].at(t)


def timeline(events: Sequence[Span], title: str, desc: str, uid: str) -> Markup:
    """Dated events on a year axis that skips the long quiet stretches (a broken axis), each a numbered dot, in
    lanes so that no two dots overlap; an event with an end is a bar from its start to its end.

    An event dated by its year (or month) sits in the middle of that year (or month). The picture shows numbers;
    the ordered list that follows it in the page is its text alternative and carries the full wording.
    """
    if not events:
        return Markup("")
    r, lane_h, top = 11, 28, 16
    spans = []
    for e in events:
        a, b = dates.fraction(e.start), dates.fraction(e.start, end=True)
        if e.end:
            spans.append((a, max(dates.fraction(e.end, end=True), b), True))
        else:
            spans.append(((a + b) / 2, (a + b) / 2, False))
    years = {y for a, b, _ in spans for y in range(int(a), int(max(a, b - 1e-6)) + 1)}
    segs = _segments(years, 20, WIDTH - 20)
    lanes: list[float] = []  # right edge of what each lane holds so far
    marks = []
    for i, (a, b, ranged) in enumerate(spans, 1):
        x0, x1 = _x(segs, a), _x(segs, b)
        left, right = x0 - r - 2, max(x1, x0 + r) + 2
        lane = next((k for k, edge in enumerate(lanes) if edge <= left), None)
        if lane is None:
            lanes.append(right)
            lane = len(lanes) - 1
        lanes[lane] = right
        marks.append((i, x0, x1, lane, ranged))
    axis_y = top + len(lanes) * lane_h + 4
    height = axis_y + 30
    out = [f'<svg class="cb-timeline" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
           f'aria-labelledby="{uid}-t {uid}-d" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>']
    for k, seg in enumerate(segs):
        x_end = seg.x + seg.width
        out.append(f'<rect x="{seg.x:.1f}" y="{top - 4}" width="{seg.width:.1f}" height="{axis_y - top + 4}" class="cb-band"/>')
        out.append(f'<line x1="{seg.x:.1f}" y1="{axis_y}" x2="{x_end:.1f}" y2="{axis_y}" class="cb-axis"/>')
        step = max(1, -(-40 // max(1, int(seg.per_year))))  # a label every `step` years, 40 units apart or more
        for year in range(seg.first, seg.last + 2):
            x = seg.at(year)
            out.append(f'<line x1="{x:.1f}" y1="{axis_y - 4}" x2="{x:.1f}" y2="{axis_y + 4}" class="cb-axis"/>')
            if year <= seg.last and (year - seg.first) % step == 0:
                mid = seg.at(year + 0.5) if step == 1 else x
                out.append(f'<text x="{mid:.1f}" y="{axis_y + 20}" class="cb-year" text-anchor="middle">{year}</text>')
        if k + 1 < len(segs):  # the break: two slashes where the empty years are left out
            bx = (x_end + segs[k + 1].x) / 2
            out.append(f'<path d="M{bx - 7:.1f},{axis_y + 6} l6,-12 M{bx + 1:.1f},{axis_y + 6} l6,-12" class="cb-break"/>')
    for _, x0, x1, lane, ranged in marks:  # bars and stems first, so that no dot is crossed by another's stem
        y = top + lane * lane_h + r
        if ranged and x1 > x0 + 1:
            out.append(f'<rect x="{x0:.1f}" y="{y - 5}" width="{x1 - x0:.1f}" height="10" rx="3" class="cb-span"/>')
        out.append(f'<line x1="{x0:.1f}" y1="{y + r}" x2="{x0:.1f}" y2="{axis_y}" class="cb-tick"/>')
    for i, x0, _, lane, _ in marks:
        y = top + lane * lane_h + r
        out.append(f'<circle cx="{x0:.1f}" cy="{y}" r="{r}" class="cb-dot"/>')
        out.append(f'<text x="{x0:.1f}" y="{y + 4}" text-anchor="middle" class="cb-num">{i}</text>')
    out.append("</svg>")
    return Markup("".join(out))
