"""The ``casebook-cases`` block: the collection at a glance, a card per case, in any Markdown page.

````markdown
```casebook-cases
```
````

The block takes no options: it shows how many cases there are and a card for each (short title, sectors, years),
in the collection's order, each card leading to the case's page. The cards are rendered by the host (the
``casebook/cases`` plugin, through ``theme/casebook/case_cards.html``); a block with a body is a located error.
No MkDocs import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from ..base.diagnostics import Diagnostic
from ..compare.directive import BlockExtension, block_opener

NAME = "casebook-cases"
OPEN = block_opener(NAME)


@dataclass
class CardsState:
    """What the extension needs from its host for the page being converted."""

    render: Callable[[], str] | None = None
    page: str = "<page>"
    line_offset: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _block_html(st: CardsState, lines: list[str], found: tuple[int, int, list[str]]) -> str:
    """The cards, or nothing when the block is not closed or has a body (located in ``st.diagnostics``)."""
    start, end, body = found
    line = start + 1 + st.line_offset
    if end < 0:
        st.diagnostics.append(Diagnostic(st.page, line, 1, NAME, "the block is not closed: end it with a line of "
                                                                 "backticks like its first line"))
    elif any(b.strip() for b in body):
        st.diagnostics.append(Diagnostic(st.page, line + 1, 1, NAME, "this block takes no options: leave it empty"))
    elif st.render is not None:
        return st.render()
    return ""


class CardsExtension(BlockExtension):
    """The ``casebook-cases`` block."""

    def __init__(self, state: CardsState) -> None:
        super().__init__("casebook_cases", OPEN, partial(_block_html, state))
        self.state = state
