"""The ``casebook-compare`` block: a comparison table or matrix in any Markdown page.

````markdown
```casebook-compare
cases: {mode: mandated}
dimensions: [period, sector, facilitating_factors]
```
````

The options are YAML, loaded with Casebook's safe loader and validated against the shape of ``directive.schema.json``
like a case file, then checked against the site's declared comparisons (the names of columns, matrices and filters:
:mod:`casebook.compare.spec`) and against the corpus (known case ids, facet values of the right vocabulary).
:func:`directive_schema` is the schema the site publishes, with those names listed. Every problem
is a :class:`Diagnostic` naming the page, the line in the ``.md`` file and the option. No MkDocs import: the
Markdown extension here works with any Python-Markdown user; the MkDocs plugin supplies the renderer and the
page's location.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from ..base.diagnostics import Diagnostic, Severity, close_matches, did_you_mean
from ..base.yamlfile import parse_yaml
from ..content.corpus import Corpus
from ..model.declaration import Model
from ..model.schema import schema_text, validate
from .matrices import Selection, select_cases, spec_of
from .spec import PERIOD_FILTER, CompareSpec

NAME = "casebook-compare"
ANY_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")


def directive_schema(spec: CompareSpec) -> dict[str, Any]:
    """The block's JSON Schema for this site: the packaged shape with the declared columns, matrices and filters."""
    schema: dict[str, Any] = json.loads(schema_text("directive"))
    props = schema["properties"]
    props["dimensions"]["items"] = {"enum": list(spec.ids)}
    props["matrix"] = {"description": props["matrix"]["description"], "enum": [m.id for m in spec.matrices]}
    cases = props["cases"]
    facets = {f.name: {"$ref": "#/$defs/values", "description": _values_of(f.spec.vocabulary, f.spec.key)}
              for f in spec.filters}
    period = cases["properties"].get("period")
    cases["properties"] = {**facets, **({PERIOD_FILTER: period} if spec.period_field and period else {})}
    cases["additionalProperties"] = False
    schema.pop("$comment", None)
    schema["$defs"].pop("name", None)
    return schema


def _values_of(vocabulary: str, path: str) -> str:
    return f"Concept ids of the '{vocabulary}' scheme." if vocabulary else f"Concept ids of the field '{path}'."


def directive_schema_text(spec: CompareSpec) -> str:
    return json.dumps(directive_schema(spec), ensure_ascii=False, indent=2) + "\n"


EVERY_CASE = Selection()


@dataclass(frozen=True)
class Options:
    """What a block asks for: which cases, and the meta-matrix's columns or one matrix."""

    selection: Selection = EVERY_CASE
    dimensions: tuple[str, ...] | None = None
    matrix: str = ""
    caption: str = ""


@dataclass
class Block:
    """One block found in a page: where it stands and what it asks for."""

    line: int  # line of the opening fence in the .md file (1-based)
    end: int  # line of the closing fence
    options: Options | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def block_opener(name: str) -> re.Pattern[str]:
    """The opening fence of a block named ``name``: ```` ```name ```` (or ``~~~``, or ```` ```{.name} ````)."""
    return re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})[ \t]*\{?\.?" + re.escape(name) + r"\}?[ \t]*$")


OPEN = block_opener(NAME)


def find_blocks(lines: list[str], opener: re.Pattern[str] | None = None) -> list[tuple[int, int, list[str]]]:
    """(index of the opening fence, index of the closing fence or -1, body lines) for each block.

    ``opener``: the opening fence of the blocks to find (:func:`block_opener`); the ``casebook-compare`` block's
    by default.

    Other fenced blocks are skipped whole, so a page can show the syntax inside a longer fence.
    """
    found = []
    i = 0
    while i < len(lines):
        m = ANY_FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence = m["fence"]
        close = re.compile(r"^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$")
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            j += 1
        if (opener or OPEN).match(lines[i]):
            found.append((i, j if j < len(lines) else -1, lines[i + 1:j]))
        i = j + 1
    return found


def _shift(diags: list[Diagnostic], page: str, offset: int) -> list[Diagnostic]:
    return [dataclasses.replace(d, path=page, line=d.line + offset) for d in diags]


def _names(doc: Any, spec: CompareSpec, data: dict[str, Any]) -> list[Diagnostic]:
    """The declared names the options use: columns, matrix, filters (the schema checked only their form)."""
    out = []
    ids = list(spec.ids)
    for i, dim in enumerate(data.get("dimensions") or []):
        if dim not in ids:
            out.append(doc.diag(("dimensions", i), f"'{dim}' is not one of: {', '.join(ids)}"))
    matrices = [m.id for m in spec.matrices]
    if "matrix" in data and data["matrix"] not in matrices:
        out.append(doc.diag(("matrix",), f"'{data['matrix']}' is not one of: {', '.join(matrices) or '(no matrix declared)'}"))
    cases = data.get("cases")
    if isinstance(cases, dict):
        allowed = [f.name for f in spec.filters] + ([PERIOD_FILTER] if spec.period_field else [])
        for key in cases:
            if key not in allowed:
                out.append(doc.diag(("cases", key), f"unknown key '{key}'{did_you_mean(close_matches(key, allowed))}",
                                    key=True, hint=f"the fields allowed here: {', '.join(sorted(allowed))}"))
    return out


def parse_options(body: str, corpus: Corpus, *, page: str, first_line: int,
                  model: Model | None = None) -> tuple[Options | None, list[Diagnostic]]:
    """Options from a block's YAML body; ``first_line`` is the line in the page of the body's first line;
    ``model``: the site's declared model (the corpus's by default)."""
    spec = spec_of(model or corpus.model)
    offset = first_line - 1
    if not body.strip():
        return Options(), []
    doc, diags = parse_yaml(body, page)
    if doc is None or diags:
        if doc is None and diags and diags[0].message == "the file is empty":
            return Options(), []
        return None, _shift([dataclasses.replace(d, field=d.field or NAME) for d in diags], page, offset)
    if not isinstance(doc.data, dict):
        return None, [Diagnostic(page, first_line, 1, NAME, "the options must be a mapping (key: value)")]
    diags = [dataclasses.replace(d, field=d.field if d.field else NAME) for d in validate(doc, "directive")]
    if not diags:
        diags = [dataclasses.replace(d, field=d.field if d.field else NAME) for d in _names(doc, spec, doc.data)]
    if diags:
        return None, _shift(diags, page, offset)
    data: dict[str, Any] = doc.data
    out: list[Diagnostic] = []
    cases = data.get("cases")
    selection = Selection()
    if isinstance(cases, list):
        for i, cid in enumerate(cases):
            if cid not in corpus.cases:
                out.append(doc.diag(("cases", i), f"unknown case '{cid}'"))
        selection = Selection(ids=tuple(cases))
    elif isinstance(cases, dict):
        facets = []
        for f in spec.filters:
            name = f.name
            if name not in cases:
                continue
            raw = cases[name]
            values = [raw] if isinstance(raw, str) else list(raw)
            scheme = f.spec.vocabulary or next(
                (s.id for s in corpus.schemes.values() if s.facet == f.spec.key), "")
            for i, value in enumerate(values):
                path: tuple[str | int, ...] = ("cases", name) if isinstance(raw, str) else ("cases", name, i)
                concept = corpus.concepts.get(value)
                if concept is None:
                    out.append(doc.diag(path, f"unknown concept '{value}'"))
                elif corpus.schemes and scheme and scheme not in concept.schemes:
                    out.append(doc.diag(path, f"'{value}' is not a value of the '{scheme}' scheme"))
            facets.append((name, tuple(values)))
        period = cases.get(PERIOD_FILTER) or {}
        lo, hi = period.get("from"), period.get("to")
        if lo is not None and hi is not None and hi < lo:
            out.append(doc.diag(("cases", "period", "to"), f"ends ({hi}) before it starts ({lo})"))
        selection = Selection(facets=tuple(facets), year_from=lo, year_to=hi)
    if "matrix" in data and "dimensions" in data:
        out.append(doc.diag(("dimensions",), "'dimensions' chooses the columns of the meta-matrix: "
                                             "remove it, or remove 'matrix'", key=True))
    options = Options(selection, tuple(data["dimensions"]) if "dimensions" in data else None,
                      str(data.get("matrix") or ""), str(data.get("caption") or ""))
    if not out and not select_cases(corpus, selection, spec):
        out.append(doc.diag(("cases",) if "cases" in data else (), "no case matches this selection",
                            key="cases" in data, severity=Severity.WARNING))
    out = [dataclasses.replace(d, field=d.field or NAME) for d in out]
    errors = [d for d in out if d.severity is Severity.ERROR]
    return (None if errors else options), _shift(out, page, offset)


def _parse_block(lines: list[str], found: tuple[int, int, list[str]], corpus: Corpus, page: str,
                 line_offset: int, model: Model | None = None) -> tuple[int, Options | None, list[Diagnostic]]:
    start, end, body = found
    line = start + 1 + line_offset
    if end < 0:
        return line, None, [Diagnostic(page, line, 1, NAME, "the block is not closed: end it with a line of "
                                                            "backticks like its first line")]
    indent = len(lines[start]) - len(lines[start].lstrip(" "))
    text = "\n".join(ln[indent:] if ln[:indent].strip() == "" else ln for ln in body)
    options, diags = parse_options(text, corpus, page=page, first_line=line + 1, model=model)
    return line, options, diags


def parse_page(markdown: str, corpus: Corpus, *, page: str, line_offset: int = 0,
               model: Model | None = None) -> list[Block]:
    """Every block of a page; ``line_offset`` is the number of lines before ``markdown`` in the file (front matter)."""
    lines = markdown.split("\n")
    blocks = []
    for found in find_blocks(lines):
        line, options, diags = _parse_block(lines, found, corpus, page, line_offset, model)
        blocks.append(Block(line, found[1] + 1 + line_offset if found[1] >= 0 else -1, options, diags))
    return blocks


# ---- Markdown extension -----------------------------------------------------------------------------------
Renderer = Callable[[Options], str]


BlockHtml = Callable[[list[str], tuple[int, int, list[str]]], str]


class BlockPreprocessor(Preprocessor):
    """Replaces each block that ``opener`` opens (:func:`find_blocks`) by the HTML ``html_of`` gives for it (the
    page's lines, the block), stashed so that Markdown leaves it as it is; by nothing when it gives "". A block that is
    not closed runs to the end of the page. Shared by the ``casebook-compare`` and ``casebook-cases`` blocks."""

    def __init__(self, md: Markdown, opener: re.Pattern[str], html_of: BlockHtml) -> None:
        super().__init__(md)
        self.opener, self.html_of = opener, html_of

    def run(self, lines: list[str]) -> list[str]:
        blocks = find_blocks(lines, self.opener)
        if not blocks:
            return lines
        out: list[str] = []
        cursor = 0
        for found in blocks:
            start, end, _ = found
            out.extend(lines[cursor:start])
            html = self.html_of(lines, found)
            if html:
                out.extend(["", self.md.htmlStash.store(html.strip()), ""])  # a block: must start with its tag
            cursor = len(lines) if end < 0 else end + 1
        out.extend(lines[cursor:])
        return out


@dataclass
class DirectiveState:
    """What the extension needs from its host for the page being converted."""

    corpus: Corpus | None = None
    model: Model | None = None  # the site's declared model: what the blocks may name
    page: str = "<page>"  # shown in diagnostics, e.g. docs/about.md
    line_offset: int = 0
    render: Renderer | None = None
    error_html: Callable[[list[Diagnostic]], str] | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    rendered: int = 0


def _block_html(st: DirectiveState, lines: list[str], found: tuple[int, int, list[str]]) -> str:
    """A ``casebook-compare`` block's comparison, or its errors (located in ``st.diagnostics``)."""
    if st.corpus is None:
        options = None
        diags = [Diagnostic(st.page, found[0] + 1 + st.line_offset, 1, NAME,
                            "comparison blocks need the casebook/compare plugin")]
    else:
        _, options, diags = _parse_block(lines, found, st.corpus, st.page, st.line_offset, st.model)
    st.diagnostics.extend(diags)
    if options is not None and st.render is not None:
        st.rendered += 1
        return st.render(options)
    return st.error_html(diags) if st.error_html else ""


class BlockExtension(Extension):
    """Registers a :class:`BlockPreprocessor` before fenced code (priority 29), so that its blocks are not shown as
    code."""

    def __init__(self, name: str, opener: re.Pattern[str], html_of: BlockHtml) -> None:
        super().__init__()
        self.name, self.opener, self.html_of = name, opener, html_of

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.registerExtension(self)
        md.preprocessors.register(BlockPreprocessor(md, self.opener, self.html_of), self.name, 29)


class CompareExtension(BlockExtension):
    """The ``casebook-compare`` block."""

    def __init__(self, state: DirectiveState) -> None:
        super().__init__("casebook_compare", OPEN, partial(_block_html, state))
        self.state = state
