"""Load untrusted YAML safely, remembering where every value stands.

Contributed files are untrusted. This loader:

* refuses files over :data:`MAX_BYTES`, non-UTF-8 bytes and NUL bytes, with the location;
* refuses anchors and aliases (no "billion laughs"), duplicate keys (no silent data loss)
  and nesting deeper than :data:`MAX_DEPTH`;
* keeps dates as the text written (``2018-09-01`` stays a string);
* returns, beside the data, the line and column of every value and key, so that any later
  check can point at the line.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, CollectionStartEvent, MappingStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from .diagnostics import Diagnostic

MAX_BYTES = 1_000_000
MAX_DEPTH = 40

PathKey = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """Data loaded from one YAML file, with the position of each value and key."""

    path: str
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    source: str = field(default="", repr=False, compare=False)  # the text the document was read from
    released: bool = field(default=False, repr=False, compare=False)

    def release_positions(self) -> None:
        """Drop the position tables (about 100 bytes a value, more than the text): most documents never
        need them once checked. ``where`` finds them again by reading ``source`` anew, with the same result."""
        if self.source:
            self.positions, self.key_positions, self.released = {}, {}, True

    def _restore_positions(self) -> None:
        self.released = False
        doc, _ = parse_yaml(self.source, self.path)
        if doc is not None:
            self.positions, self.key_positions = doc.positions, doc.key_positions

    def where(self, path: PathKey, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value (or key) at ``path``, or of its nearest ancestor."""
        if self.released:
            self._restore_positions()
        table = self.key_positions if key else self.positions
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if not key and probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
            table = self.positions
        return self.positions.get((), (1, 1))

    def diag(self, path: PathKey, message: str, *, key: bool = False, text: str = "", **kw: Any) -> Diagnostic:
        """A diagnostic at the value (or key) at ``path``; with ``text``, at the first place the source writes ``text``
        from the value's start (a citation key inside a long text, say)."""
        line, col = self.where(path, key=key)
        if text and self.source:
            line, col = self._find(line, col, text)
        return Diagnostic(self.path, line, col, dotted(path), message, **kw)

    def _find(self, line: int, col: int, text: str) -> tuple[int, int]:
        lines = self.source.split("\n")
        offset = sum(len(ln) + 1 for ln in lines[:line - 1]) + col - 1
        found = self.source.find(text, offset)
        if found < 0:
            return line, col
        before = self.source[:found]
        return before.count("\n") + 1, found - (before.rfind("\n") + 1) + 1


def dotted(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _RefusedError(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line, self.column = line, column


class _SafeComposingLoader(Reader, Scanner, Parser, Composer, SafeConstructor, Resolver):
    """PyYAML's safe loader, refusing anchors, aliases and deep nesting while composing."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self._depth = 0

    def fetch_flow_collection_start(self, token_class: Any) -> None:
        # Refuse deep flow nesting ("[[[[…", "{a: {a: …") while scanning: the scanner reads up to 1,024
        # characters ahead of each possible key, so waiting for the composer to see the depth costs a second.
        if self.flow_level >= MAX_DEPTH:
            mark = self.get_mark()
            raise _RefusedError(f"nesting deeper than {MAX_DEPTH} levels", mark.line + 1, mark.column + 1)
        super().fetch_flow_collection_start(token_class)  # type: ignore[misc]

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:  # type: ignore[override]
        event = self.peek_event()
        mark = event.start_mark
        if isinstance(event, AliasEvent):
            raise _RefusedError("YAML aliases (*name) are not allowed in Casebook files", mark.line + 1, mark.column + 1)
        if isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.anchor is not None:
            raise _RefusedError("YAML anchors (&name) are not allowed in Casebook files", mark.line + 1, mark.column + 1)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _RefusedError(f"nesting deeper than {MAX_DEPTH} levels", mark.line + 1, mark.column + 1)
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        finally:
            self._depth -= 1


try:  # libyaml's parser, when PyYAML was built with it
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML without libyaml
    _CParser = None  # type: ignore[assignment, misc]


# What the two parsers read differently: tabs, line breaks other than "\n", a BOM inside the text,
# directives, and a comment glued to a block scalar header ("|#").
_FAST_UNSAFE = re.compile(r"[\t\r\x85\u2028\u2029\ufeff]|^%|[|>][-+0-9]*#", re.M)
_UNSAFE_CHARS = "\t\r\x85\u2028\u2029\ufeff"
_HEADER_CHARS = frozenset("-+0123456789")


def _fast_unsafe(text: str) -> bool:
    """Whether ``_FAST_UNSAFE`` matches in ``text``, found with substring searches (a case file is tens of KB: the
    regular expression tried its three branches at every character)."""
    if any(c in text for c in _UNSAFE_CHARS) or text.startswith("%") or "\n%" in text:
        return True
    i = text.find("#")
    while i >= 0:  # "#" after "|" or ">" and a block scalar header's indicators
        j = i - 1
        while j >= 0 and text[j] in _HEADER_CHARS:
            j -= 1
        if j >= 0 and text[j] in "|>":
            return True
        i = text.find("#", i + 1)
    return False


class _FastRefusedError(Exception):
    """Anything the fast loader does not accept as is: the pure-Python loader then decides and reports."""


if _CParser is not None:

    class _FastComposingLoader(Composer, SafeConstructor, Resolver, _CParser):  # type: ignore[misc, valid-type]
        """libyaml's scanner and parser under PyYAML's composer: the same nodes and marks, several times faster."""

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            self._text = stream
            self._depth = 0
            self._in_flow = False

        def compose_node(self, parent: Node | None, index: Any) -> Node | None:
            event = self.peek_event()
            if isinstance(event, AliasEvent):
                raise _FastRefusedError
            if isinstance(event, (ScalarEvent, CollectionStartEvent)) and (event.anchor is not None or event.tag is not None):
                raise _FastRefusedError
            if self._in_flow and isinstance(event, ScalarEvent) and event.style is None and not event.value:
                raise _FastRefusedError  # an empty value in a flow collection: marks differ
            if self._in_flow and isinstance(event, MappingStartEvent) \
                    and self._text[event.start_mark.index] != "{":  # type: ignore[union-attr]
                raise _FastRefusedError  # a single-pair mapping inside a flow sequence ("[a: b]")
            outer_flow = isinstance(event, CollectionStartEvent) and bool(event.flow_style) and not self._in_flow
            self._depth += 1
            if outer_flow:
                self._in_flow = True
            try:
                if self._depth > MAX_DEPTH:
                    raise _FastRefusedError
                node = Composer.compose_node(self, parent, index)
            finally:
                self._depth -= 1
                if outer_flow:
                    self._in_flow = False
            # In flow collections the two parsers read "?" differently (libyaml lets it into plain scalars).
            if outer_flow and node is not None and "?" in self._text[node.start_mark.index:node.end_mark.index]:
                raise _FastRefusedError
            return node  # type: ignore[no-any-return]


def _fast_single_node(text: str) -> Node | None:
    """The document's node through libyaml, or ``None`` on any problem (or none found), left to the pure-Python loader.

    A file that libyaml and the pure-Python parser would both accept gives the same nodes, values and marks;
    every refusal and error goes through the pure-Python loader, so its messages and positions stay the reference.
    """
    if _CParser is None or _fast_unsafe(text):
        return None
    loader = _FastComposingLoader(text)
    try:
        return loader.get_single_node()  # type: ignore[no-any-return]
    except Exception:  # any failure: the reference loader decides
        return None
    finally:
        loader.dispose()


def read_text(path: Path, display: str) -> tuple[str | None, list[Diagnostic]]:
    """Read a contributed text file: size limit, UTF-8 only, no NUL bytes."""
    try:
        if path.is_symlink():
            return None, [Diagnostic(display, 1, 1, "", "symbolic links are not allowed for content files")]
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a named pipe or a device would block or never end
            return None, [Diagnostic(display, 1, 1, "", "not a regular file")]
        if info.st_size > MAX_BYTES:  # checked before reading: a huge file costs nothing
            return None, [_too_large(display, info.st_size)]
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        return None, [Diagnostic(display, 1, 1, "", f"cannot read the file: {exc.strerror or exc}")]
    if len(raw) > MAX_BYTES:  # the file grew after stat()
        return None, [_too_large(display, len(raw))]
    if b"\x00" in raw:
        line, col = _locate(raw, raw.index(b"\x00"))
        return None, [Diagnostic(display, line, col, "", "NUL byte in the file: it must be UTF-8 text")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _locate(raw, exc.start)
        return None, [Diagnostic(display, line, col, "", f"invalid UTF-8 byte 0x{raw[exc.start]:02x}: save the file as UTF-8")]
    return text.removeprefix("\ufeff"), []


def _too_large(display: str, size: int) -> Diagnostic:
    return Diagnostic(display, 1, 1, "", f"file too large ({size / 1_000_000:.1f} MB; the limit is {MAX_BYTES // 1_000_000} MB)")


def _locate(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    col = offset - (before.rfind(b"\n") + 1) + 1
    return line, col


def load_yaml(path: Path, display: str | None = None) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Load one YAML file. Returns the document (or ``None``) and the problems found."""
    shown = display or str(path)
    text, diags = read_text(path, shown)
    if text is None:
        return None, diags
    key = (shown, text)
    found = _LOADED.get(key)
    if found is None:
        found = parse_yaml(text, shown)
        if len(_LOADED) > 20_000:  # under a long `mkdocs serve`, edits add entries
            _LOADED.clear()
        _LOADED[key] = found
    return found[0], list(found[1])


# Documents already read, by name and text: `mkdocs serve` rebuilds everything after each edit, and only the
# edited file has new text. A document is not changed once loaded (releasing positions keeps it equal).
_LOADED: dict[tuple[str, str], tuple[YamlDocument | None, list[Diagnostic]]] = {}


def parse_yaml(text: str, display: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [Diagnostic(display, 1, 1, "", "the file is empty")]
    loader = _SafeComposingLoader(text)
    try:
        node = _fast_single_node(text) or loader.get_single_node()
    except _RefusedError as exc:
        return None, [Diagnostic(display, exc.line, exc.column, "", str(exc))]
    except yaml.MarkedYAMLError as exc:
        return None, [syntax_error(exc, text, display)]
    except RecursionError:
        return None, [Diagnostic(display, 1, 1, "", f"nesting deeper than {MAX_DEPTH} levels")]
    finally:
        loader.dispose()
    if node is None:
        return None, [Diagnostic(display, 1, 1, "", "the file is empty")]
    doc = YamlDocument(display, None, source=text)
    diags: list[Diagnostic] = []
    doc.data = _build(node, (), doc, loader, diags)
    return doc, diags


def syntax_error(exc: yaml.MarkedYAMLError, text: str, display: str) -> Diagnostic:
    """A YAML syntax error where the contributor must look (an unclosed quote: where it opens), in plain words, with
    the field path when the lines above tell it; the parser's own words go in the hint."""
    problem, context = exc.problem or "invalid YAML", exc.context or ""
    raw = f"the YAML parser says: {problem}" + (f" ({context})" if context else "")
    at = exc.problem_mark or exc.context_mark
    line, col = (at.line + 1, at.column + 1) if at else (1, 1)
    lines = text.split("\n")
    opened = exc.context_mark if context == "while scanning a quoted scalar" else None
    spurious = _quote_closed_late(text, line) if opened is None else None
    if "'\\t'" in problem or "\t" in (lines[line - 1] if line - 1 < len(lines) else "")[:col]:
        message = "tab character: YAML indentation must use spaces"
    elif opened is not None:
        line, col = opened.line + 1, opened.column + 1
        message = "this quote is never closed: add the closing quote at the end of the text"
    elif spurious is not None:
        (line, col), until = spurious
        message = (f"this quote is not closed on its line (the text runs on to the quote on line {until}): close it "
                   "on this line")
    elif context == "while scanning a simple key" and exc.context_mark is not None:
        line, col = exc.context_mark.line + 1, exc.context_mark.column + 1
        message = "this line has no ':' after its field name: write 'field: value', or indent the line under the " \
                  "field whose text it continues"
    elif context.startswith(("while parsing a flow mapping", "while parsing a flow sequence")) and exc.context_mark:
        close = "}" if "mapping" in context else "]"
        start = exc.context_mark
        if exc.problem_mark is not None and exc.problem_mark.line == start.line:
            got = problem.rsplit("but got ", 1)[-1]
            message = f"{got} cannot stand here inside {'{' if close == '}' else '['}…{close}: put this text between quotes"
        else:
            line, col = start.line + 1, start.column + 1
            message = f"the '{'{' if close == '}' else '['}' opened here is not closed with '{close}' on its line " \
                      "(a text holding ',', ':', '?', '[' or '{' must be put between quotes)"
    elif problem == "mapping values are not allowed here":
        message = "': ' inside a text: put the whole text between quotes (or, if this is a field, check its indentation)"
    elif context in ("while scanning an alias", "while scanning an anchor"):
        line, col = (exc.context_mark.line + 1, exc.context_mark.column + 1) if exc.context_mark else (line, col)
        message = "a text cannot start with '*' or '&' in YAML: put the text between quotes"
    elif "that cannot start any token" in problem:
        message = f"a text cannot start with {problem.split('character ', 1)[-1].split(' that')[0]} in YAML: put the " \
                  "text between quotes"
    elif "expected <block end>" in problem:
        before = lines[line - 1][:col - 1].rstrip() if line - 1 < len(lines) else ""
        if before.endswith(('"', "'")) and not problem.endswith("'-'"):
            message = "text after a closing quote: put the whole text between the quotes"
        elif problem.endswith("'-'"):
            message = "a list item ('- ') where a field is expected: indent it under its field"
        else:
            message = "this line is not indented like the fields around it: align it with the fields of its level"
    else:
        message = f"{problem}" + (f" ({context})" if context else "")
    return Diagnostic(display, line, col, _path_at(lines, line, col), f"YAML syntax error: {message}",
                      hint=f"look at line {line}, column {col}; {raw}")


_QUOTE_OPENS_AFTER = frozenset(":-[{,?")


def _quote_closed_late(text: str, error_line: int) -> tuple[tuple[int, int], int] | None:
    """The quoted text that opens on one line and closes on ``error_line`` (where the parser then stumbles): its
    opening's line and column, and that line. A quote opens a text only where a value starts."""
    lines = text.split("\n")
    found = None
    line_no, in_quote, start = 0, "", (0, 0)
    while line_no < min(len(lines), error_line):
        ln = lines[line_no]
        col = 0
        if not in_quote and ln.lstrip().startswith("#"):
            line_no += 1
            continue
        while col < len(ln):
            ch = ln[col]
            if in_quote:
                if in_quote == '"' and ch == "\\":
                    col += 2
                    continue
                if ch == in_quote:
                    if in_quote == "'" and ln[col + 1:col + 2] == "'":
                        col += 2
                        continue
                    in_quote = ""
                    if start[0] != line_no + 1 and line_no + 1 == error_line:
                        found = (start, line_no + 1)
            elif ch in "\"'":
                before = ln[:col].rstrip()
                if not before or before[-1] in _QUOTE_OPENS_AFTER:
                    in_quote, start = ch, (line_no + 1, col + 1)
            elif ch == "#" and (col == 0 or ln[col - 1] == " "):
                break
            col += 1
        line_no += 1
    return found


def _path_at(lines: list[str], line: int, col: int) -> str:
    """The field path of a position, read from the indentation of the keys above it (for syntax errors, where the
    parser gives no path): ``timeline[2].date``. Empty when unknown."""
    stack: list[tuple[int, str | int, bool]] = []  # (indent, key or index, is an index)
    counters: dict[tuple[str | int, ...], int] = {}
    key = re.compile(r"([A-Za-z_][\w-]*) *:(?=\s|$)")
    for number, ln in enumerate(lines[:line], start=1):
        if not ln.strip() or ln.lstrip().startswith("#"):
            continue
        indent = len(ln) - len(ln.lstrip(" "))
        rest = ln[indent:]
        dash = rest.startswith("- ") or rest == "-"
        while stack and (stack[-1][0] > indent or (stack[-1][0] == indent and (stack[-1][2] or not dash))):
            stack.pop()
        if number == line and indent >= col - 1:  # the error stands before the line's content
            break
        if dash:
            parent = tuple(p for _, p, _ in stack)
            counters[parent] = counters.get(parent, -1) + 1
            stack.append((indent, counters[parent], True))
            inner = len(rest) - len(rest[1:].lstrip(" ")) if len(rest) > 1 else 1
            indent, rest = indent + inner, rest[inner:]
        m = key.match(rest)
        if m and not (number == line and indent + m.start() >= col - 1 and indent + m.end() > col):
            stack.append((indent, m[1], False))
            for sub in list(counters):
                if sub[:len(stack)] == tuple(p for _, p, _ in stack):
                    del counters[sub]
    return dotted(tuple(p for _, p, _ in stack))


def _build(node: Node, path: PathKey, doc: YamlDocument, loader: _SafeComposingLoader, diags: list[Diagnostic]) -> Any:
    doc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, ScalarNode):
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value  # keep dates as written
        try:
            return loader.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            diags.append(doc.diag(path, f"invalid value: {exc}"))
            return None
    if isinstance(node, SequenceNode):
        return [_build(child, (*path, i), doc, loader, diags) for i, child in enumerate(node.value)]
    if isinstance(node, MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                diags.append(Diagnostic(doc.path, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                                        dotted(path), "a key must be plain text"))
                continue
            key = str(key_node.value)
            kpath = (*path, key)
            doc.key_positions[kpath] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in out:
                first = doc.positions.get(kpath, (0, 0))[0]
                diags.append(doc.diag(kpath, f"duplicate key '{key}' (first given on line {first})", key=True))
                continue
            out[key] = _build(value_node, kpath, doc, loader, diags)
        return out
    return None  # pragma: no cover - PyYAML has no other node kinds
