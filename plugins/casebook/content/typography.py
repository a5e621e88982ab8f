"""French typography for rendered HTML: the no-break spaces of :func:`casebook.bibliography.apa.fr_typo`, put in the
text of the HTML only.

Contributed texts are written with ordinary spaces (the YAML stays plain); the pages get the no-break ones at render
time. Tags and their attributes, comments, code (``code``, ``pre``, ``kbd``, ``samp``), scripts and styles, and the
addresses written in the text (``http://…``, ``www.…``, ``mailto:…``) are never changed.

One pass of one regular expression: what must stay as it is (a tag, a comment, an element of code) is matched whole
and given back; elsewhere, the blanks before ``; ? !`` and ``: »`` and after ``«`` are the matches. An address needs no
guard of its own: it holds neither blanks nor guillemets, so no match can fall inside it (``http://x.org/?a=1 ?``
keeps its address, and the space before the last ``?`` becomes a no-break one).
"""

from __future__ import annotations

import re

from ..base.text import NBSP, NNBSP

_BLANKS = "[ \\t\\n\\u00a0\\u202f]"
_RULE = re.compile(
    r"(?P<keep><!--.*?-->"
    r"|<(?P<code>code|pre|kbd|samp|script|style|textarea)\b[^>]*>.*?</(?P=code)\s*>"
    r"|<[^>]*>)"
    rf"|(?P<narrow>{_BLANKS}+(?=[;?!]))"
    rf"|(?P<wide>{_BLANKS}+(?=[:»]))"
    rf"|(?P<open>«{_BLANKS}*)"
    r"|(?P<close>(?<=[^\s\u00a0\u202f«>])»)",
    re.S | re.I,
)
_MARKS = re.compile("[;:?!«»]")


def _replace(m: re.Match[str]) -> str:
    if m["keep"] is not None:
        return m[0]
    if m["narrow"] is not None:
        return NNBSP
    if m["wide"] is not None:
        return NBSP
    if m["open"] is not None:
        return "«" + NBSP
    return NBSP + "»"


def french_html(html: str) -> str:
    """French typography on the text of an HTML fragment or page: a narrow no-break space before ``; ? !``, a no-break
    space before ``:`` and inside ``« »`` (the rule of :func:`casebook.bibliography.apa.fr_typo`), never inside a
    tag, a comment, code or an address."""
    if not _MARKS.search(html):
        return html
    return _RULE.sub(_replace, html)
