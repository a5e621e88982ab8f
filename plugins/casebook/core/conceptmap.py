"""The concept map: cases on the left, the concepts they share on the right, drawn at build time as SVG.

Labels sit in rows, one node a row, so they never overlap; every node is a link. Concepts used
by a single case are left out of the picture (they are listed on the case pages) to keep it readable.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

from .corpus import Corpus
from .ui import tr

ROW = 22


def _short(text: str, n: int = 38) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def concept_map(corpus: Corpus, lang: str, url: Callable[[str], str], *, min_cases: int = 2) -> Markup:
    backlinks = corpus.case_refs_to()
    cases = corpus.sorted_cases()
    shared = sorted((cid for cid, refs in backlinks.items() if cid in corpus.concepts and len(refs) >= min_cases),
                    key=lambda cid: (-len(backlinks[cid]), corpus.concepts[cid].term.best(lang)))
    if not cases or not shared:
        return Markup("")
    width, lx, rx = 900, 300, 600
    height = max(len(cases), len(shared)) * ROW + 40
    cy = {c.id: 30 + i * ROW * max(1.0, len(shared) / max(len(cases), 1)) for i, c in enumerate(cases)}
    ky = {cid: 30 + i * ROW for i, cid in enumerate(shared)}
    title = tr(lang, "concept_map")
    desc = ("Chaque cas (à gauche) est relié aux concepts (à droite) qu'il partage avec au moins un autre cas ; "
            "les mêmes liens figurent sur chaque page de concept." if lang == "fr" else
            "Each case (left) is linked to the concepts (right) it shares with at least one other case; "
            "each concept page lists the same links.")
    # A group, not an img: an img's children are presentational, which would hide its links (axe nested-interactive).
    out = [f'<svg class="cb-conceptmap" viewBox="0 0 {width} {height}" role="group" aria-labelledby="cm-t" '
           f'aria-describedby="cm-d" '
           f'xmlns="http://www.w3.org/2000/svg"><title id="cm-t">{escape(title)}</title><desc id="cm-d">{escape(desc)}</desc>',
           '<g class="cb-edges">']
    for cid in shared:
        for case_id, how in backlinks[cid]:
            if case_id in cy:
                y1, y2 = cy[case_id], ky[cid]
                cls = "cb-edge cb-edge--facet" if how == "facet" else "cb-edge"
                out.append(f'<path class="{cls}" d="M{lx + 6},{y1:.0f} C{(lx + rx) / 2},{y1:.0f} {(lx + rx) / 2},{y2:.0f} {rx - 6},{y2:.0f}"/>')
    out.append("</g>")
    for c in cases:
        label = escape(_short(c.short_title.best(lang)))
        out.append(f'<a href="{escape(url("cases/" + c.id + "/"))}"><circle cx="{lx}" cy="{cy[c.id]:.0f}" r="5" class="cb-node-case"/>'
                   f'<text x="{lx - 10}" y="{cy[c.id] + 4:.0f}" text-anchor="end" class="cb-label">{label}</text></a>')
    for cid in shared:
        label = escape(_short(corpus.concepts[cid].term.best(lang)))
        out.append(f'<a href="{escape(url("concepts/" + cid + "/"))}"><circle cx="{rx}" cy="{ky[cid]}" r="5" class="cb-node-concept"/>'
                   f'<text x="{rx + 10}" y="{ky[cid] + 4}" class="cb-label">{label}</text></a>')
    out.append("</svg>")
    return Markup("".join(out))
