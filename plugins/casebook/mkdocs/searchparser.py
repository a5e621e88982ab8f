"""Material's search parser, with the same output and without its cost per tag.

Material's ``Parser`` (``material.plugins.search.plugin``) asks, for every start tag, end tag and text, whether an
element of the current context is skipped (``skip.intersection(context)``) and whether the section's heading is in
the context (``el in context``). Its elements compare and hash by tag name alone, so both questions are about tag
names, and each costs a Python ``__hash__``/``__eq__`` call per element of the context: on a 1,000-case site, the
search plugin took 46 s of CPU of a 120 s build, against 10 s on the plain Material site with the same pages. This
subclass keeps a count of the context's tag names and the skipped tag names, and answers the same questions from
them. Everything else (sections, whitespace, escaping) is Material's.

The tokenizer too: ``html.parser`` finds each tag with several regular expressions and Python calls (about two thirds
of the search plugin's time on Casebook's pages, which have four times as many tags as the floor's). :func:`tokens`
reads a page in one pass of one regular expression when its HTML keeps to a plain subset (quoted attribute values, no
comments, declarations, scripts or styles, no ``<`` in text), and gives the handlers the calls ``html.parser`` would
give them; any other page is fed to ``html.parser``. ``tests/test_searchparser.py`` checks that both parsers give the
same sections, and that the tokenizer gives ``html.parser``'s calls, on odd HTML and on every page of the site.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from html import escape, unescape
from typing import Any

from material.plugins.search import plugin as material_search

_SKIPPED_ALWAYS = ("script", "style", "object")
_HEADINGS = frozenset(f"h{x}" for x in range(1, 7))

# The plain subset of HTML that tokens() reads. Whitespace is ASCII's (html.parser ends a tag name at ASCII whitespace
# only), names are ASCII, values are quoted; whatever else (a bare "<", a comment, an unquoted value) is caught by the
# last alternative, and the page goes to html.parser.
_WS = "[ \t\n\r\f]"
_ATTR = f"([a-zA-Z_:][-a-zA-Z0-9_:.]*)({_WS}*={_WS}*(?:\"([^\"]*)\"|'([^']*)'))?"
_TOKEN = re.compile(
    "([^<]+)"  # 1 text
    f"|<([a-zA-Z][a-zA-Z0-9]*)((?:{_WS}+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:{_WS}*={_WS}*(?:\"[^\"]*\"|'[^']*'))?)*)"
    f"{_WS}*(/?)>"  # 2 start tag, 3 its attributes, 4 "/" of <tag/>
    "|</([a-zA-Z][a-zA-Z0-9]*)>"  # 5 end tag
    "|(<)"  # 6 anything else
)
_ATTRS = re.compile(_ATTR)
_RAW_TEXT = frozenset(("script", "style"))  # html.parser reads their content as raw text: left to it

Token = tuple[str, Any, Any]  # ("data", text, None) | ("start" | "startend", tag, attrs) | ("end", tag, None)


def tokens(html: str) -> list[Token] | None:
    """The handler calls ``html.parser`` (with ``convert_charrefs``) makes on ``html``, fed at once and closed, or None
    if ``html`` is not in the plain subset this reads (see the module docstring)."""
    raw = _plain(html)
    return None if raw is None else list(_calls(raw))


def _plain(html: str) -> list[tuple[str, ...]] | None:
    """The matches of ``_TOKEN`` in ``html``, or None if one is outside the subset (a bare ``<``, a script, a style)."""
    raw = _TOKEN.findall(html)
    for _, tag, _, _, _, other in raw:
        if other or (tag and tag.lower() in _RAW_TEXT):
            return None
    return raw


def _calls(raw: list[tuple[str, ...]]) -> Iterator[Token]:
    attrs_of: dict[str, list[tuple[str, str | None]]] = {}
    for text, tag, attr_text, slash, end, _ in raw:
        if text:
            yield "data", unescape(text), None
        elif tag:
            attrs = attrs_of.get(attr_text)
            if attrs is None:
                attrs = attrs_of[attr_text] = [
                    (name.lower(), None if not value else unescape(double if value.endswith('"') else single))
                    for name, value, double, single in _ATTRS.findall(attr_text)]
            yield "startend" if slash else "start", tag.lower(), attrs
        else:
            yield "end", end.lower(), None


def _close_kept(data: list[str], tag: str) -> None:
    """End a kept element (``<p>``, ``<code>``…) in a section's title or text, as Material's parser does: an element
    that holds only whitespace is dropped with it, any other gets its end tag."""
    index = data.index(f"<{tag}>")
    for i in range(index + 1, len(data)):
        if not data[i].isspace():
            data.append(f"</{tag}>")
            return
    del data[index:]


class FastParser(material_search.Parser):  # type: ignore[misc]
    """Material's search ``Parser`` with the context's tag names counted (same sections, same text)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tags: defaultdict[str, int] = defaultdict(int)  # tag name -> elements of the context with it
        self.skip_tags: set[str] = {str(s) for s in self.skip}  # Material's skip set holds tag names (and elements)
        self._skipped = 0  # elements of the context whose tag name is skipped
        self._fed = False

    def feed(self, data: str) -> None:
        """Read ``data`` in one loop (:meth:`_feed_plain`) when it is a whole page in the plain subset, else with
        ``html.parser`` and the handlers below."""
        whole = not (self._fed or self.rawdata or not self.convert_charrefs)
        self._fed = True
        if whole and self._feed_plain(_TOKEN.findall(data)):
            return
        if whole:  # outside the subset: what the loop did is undone, and html.parser reads the page
            no_section: Any = None
            self.context.clear()
            self.data.clear()
            self.tags.clear()
            self.section, self.skip_tags, self._skipped = no_section, {str(s) for s in self.skip}, 0
        super().feed(data)

    def _feed_plain(self, raw: list[tuple[str, ...]]) -> bool:
        """The handlers below, for the matches of ``_TOKEN`` in a page, in one loop: the same sections and text, without
        a Python call per tag (the calls ``_calls`` gives, taken in turn). An element's tag name, attributes and what
        the handlers ask of them are worked out once per distinct start tag of the page (its elements are alike:
        Material's compare by tag name, and nothing changes their attributes). False, having stopped part way, at the
        first match outside the subset (a bare ``<``, a script, a style)."""
        Section, Element = material_search.Section, material_search.Element  # noqa: N806
        void, keep, skip_tags, tags = material_search.void, self.keep, self.skip_tags, self.tags
        context, sections = self.context, self.data
        section: Any = self.section
        skipped = self._skipped
        starts: dict[tuple[str, str], tuple[str, Any, bool, bool, bool, str | None]] = {}
        for text, tag, attr_text, slash, end, other in raw:
            if text:  # handle_data
                if skipped:
                    continue
                if "&" in text:
                    text = unescape(text)
                if not tags["pre"]:
                    text = " " if text.isspace() else text.replace("\n", " ")
                    in_pre = False
                else:
                    in_pre = True
                if section is None:
                    section = Section(Element("hx"))
                    sections.append(section)
                if tags[section.el.tag]:
                    if not any(el.tag == "a" and el.attrs.get("class") == "headerlink" for el in context):
                        section.title.append(escape(text, quote=False))
                elif text.isspace():
                    out = section.text
                    if not out or not out[-1].isspace() or in_pre:
                        out.append(text)
                elif "&" in text or "<" in text or ">" in text:
                    section.text.append(escape(text, quote=False))
                else:
                    section.text.append(text)
                continue
            if tag:  # handle_starttag (and handle_endtag after it for <tag/>)
                info = starts.get((tag, attr_text))
                if info is None:
                    name = tag.lower()
                    if name in _RAW_TEXT:
                        return False
                    attrs_d = dict(
                        (key.lower(), None if not value else unescape(double if value.endswith('"') else single))
                        for key, value, double, single in _ATTRS.findall(attr_text))
                    excluded = any(key == "data-search-exclude" or (key == "class" and value == "linenodiv")
                                   for key, value in attrs_d.items())
                    info = starts[(tag, attr_text)] = (
                        name, Element(name, attrs_d), name in void, name in _HEADINGS and "id" in attrs_d, excluded,
                        f"<{name}>" if name in keep else None)
                name, el, is_void, heading, excluded, kept = info
                if is_void:
                    continue  # not in the context: its end tag, if any, is ignored too
                context.append(el)
                tags[name] += 1
                if name in skip_tags:
                    skipped += 1
                if heading:  # a heading with an id begins a section
                    depth = len(context)
                    if name != "h1" and not sections:
                        section = Section(Element("hx"), depth)
                        sections.append(section)
                    section = Section(el, depth)
                    if sections:
                        section.id = el.attrs["id"]
                    sections.append(section)
                if section is None:
                    section = Section(Element("hx"))
                    sections.append(section)
                if excluded:
                    if name not in skip_tags:  # every element of the context with this tag name is skipped now
                        skip_tags.add(name)
                        skipped += tags[name]
                elif kept is not None and not skipped:
                    (section.title if tags[section.el.tag] else section.text).append(kept)
                if not slash:
                    continue
                end = name
            elif other:
                return False
            else:
                end = end.lower()
            # handle_endtag
            if not context or context[-1].tag != end:
                continue
            if section.depth > len(context):
                for previous in reversed(sections):
                    if previous.depth <= len(context):
                        section.depth = float("inf")
                        section = previous
                        break
            context.pop()
            tags[end] -= 1
            if end in skip_tags:
                skipped -= 1
                if end not in _SKIPPED_ALWAYS:
                    skip_tags.remove(end)
                    skipped -= tags[end]  # the others with its tag name are no longer skipped
                continue
            if end in keep and not skipped:
                _close_kept(section.title if tags[section.el.tag] else section.text, end)
        self.section, self._skipped = section, skipped
        return True

    def _skipping(self) -> bool:
        return self._skipped > 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in material_search.void:
            return
        attrs_d = dict(attrs)
        el = material_search.Element(tag, attrs_d)
        self.context.append(el)
        self.tags[tag] += 1
        if tag in self.skip_tags:
            self._skipped += 1

        if tag in _HEADINGS:
            depth = len(self.context)
            if "id" in attrs_d:
                if tag != "h1" and not self.data:
                    self.section = material_search.Section(material_search.Element("hx"), depth)
                    self.data.append(self.section)
                self.section = material_search.Section(el, depth)
                if self.data:
                    self.section.id = attrs_d["id"]
                self.data.append(self.section)

        if not self.section:
            self.section = material_search.Section(material_search.Element("hx"))
            self.data.append(self.section)

        for key, value in attrs_d.items():
            if key == "data-search-exclude" or (key == "class" and value == "linenodiv"):
                if tag not in self.skip_tags:  # every element of the context with this tag name is skipped now
                    self.skip_tags.add(tag)
                    self._skipped += self.tags[tag]
                return

        if tag in self.keep and not self._skipping():
            data = self.section.title if self.tags[self.section.el.tag] else self.section.text
            data.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if not self.context or self.context[-1].tag != tag:
            return

        if self.section.depth > len(self.context):
            for section in reversed(self.data):
                if section.depth <= len(self.context):
                    self.section.depth = float("inf")
                    self.section = section
                    break

        el = self.context.pop()
        self.tags[el.tag] -= 1
        if el.tag in self.skip_tags:
            self._skipped -= 1
            if el.tag not in _SKIPPED_ALWAYS:
                self.skip_tags.remove(el.tag)
                self._skipped -= self.tags[el.tag]  # the others with its tag name are no longer skipped
            return

        if tag in self.keep and not self._skipping():
            _close_kept(self.section.title if self.tags[self.section.el.tag] else self.section.text, tag)

    def handle_data(self, data: str) -> None:
        if self._skipping():
            return
        in_pre = self.tags["pre"] > 0
        if not in_pre:
            data = data.replace("\n", " ") if not data.isspace() else " "

        if not self.section:
            self.section = material_search.Section(material_search.Element("hx"))
            self.data.append(self.section)

        if self.tags[self.section.el.tag]:
            permalink = any(el.tag == "a" and el.attrs.get("class") == "headerlink" for el in self.context)
            if not permalink:
                self.section.title.append(escape(data, quote=False))
        elif data.isspace():
            if not self.section.text or not self.section.text[-1].isspace():
                self.section.text.append(data)
            elif in_pre:
                self.section.text.append(data)
        else:
            self.section.text.append(escape(data, quote=False))


def fast_add_entry(index: Any) -> Any:
    """Material's ``add_entry_from_context`` of ``index`` (its ``SearchIndex``), parsing with :class:`FastParser`."""

    def add_entry_from_context(page: Any) -> None:
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return
        parser = FastParser()
        parser.feed(page.content)
        parser.close()
        for section in parser.data:
            if not section.is_excluded():
                index.create_entry_for_section(section, page.toc, page.url, page)

    return add_entry_from_context
