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

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from ..base.diagnostics import Diagnostic
from ..compare.directive import block_opener, find_blocks

NAME = "casebook-cases"
OPEN = block_opener(NAME)


@dataclass
class CardsState:
    """What the extension needs from its host for the page being converted."""

    render: Callable[[], str] | None = None
    page: str = "<page>"
    line_offset: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)


class _CardsPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, state: CardsState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, lines: list[str]) -> list[str]:
        blocks = find_blocks(lines, OPEN)
        if not blocks:
            return lines
        st = self.state
        out: list[str] = []
        cursor = 0
        for start, end, body in blocks:
            out.extend(lines[cursor:start])
            line = start + 1 + st.line_offset
            html = ""
            if end < 0:
                st.diagnostics.append(Diagnostic(st.page, line, 1, NAME, "the block is not closed: end it with a line "
                                                                         "of backticks like its first line"))
            elif any(b.strip() for b in body):
                st.diagnostics.append(Diagnostic(st.page, line + 1, 1, NAME, "this block takes no options: leave it "
                                                                             "empty"))
            elif st.render is not None:
                html = st.render()
            if html:
                out.extend(["", self.md.htmlStash.store(html.strip()), ""])
            cursor = len(lines) if end < 0 else end + 1
        out.extend(lines[cursor:])
        return out


class CardsExtension(Extension):
    """Registers the ``casebook-cases`` block before fenced code, so it is not shown as code."""

    def __init__(self, state: CardsState) -> None:
        super().__init__()
        self.state = state

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.registerExtension(self)
        md.preprocessors.register(_CardsPreprocessor(md, self.state), "casebook_cases", 29)
