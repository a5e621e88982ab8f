"""Text rules shared by every part: French typography (no-break spaces before ``; : ? !`` and inside guillemets)."""

from __future__ import annotations

import re

NBSP = "\u00a0"
NNBSP = "\u202f"
_BLANKS = "[ \t\n\u00a0\u202f]"
_BEFORE_NARROW = re.compile(_BLANKS + r"+([;?!])")
_BEFORE_WIDE = re.compile(_BLANKS + r"+([:»])")
_BEFORE_CLOSING = re.compile(r"(?<=[^\s\u00a0\u202f«])»")
_AFTER_OPENING = re.compile("«" + _BLANKS + "*")


def fr_typo(text: str) -> str:
    """French typography, the one rule of the site (interface strings, references, contributed texts):

    a narrow no-break space (U+202F) before ``;``, ``?`` and ``!``, and a no-break space (U+00A0) before ``:`` and
    inside guillemets (after ``«``, before ``»``). The space the writer typed before ``; : ? !`` becomes the no-break
    one; none is added where there was none (``10:30``, ``http://``, ``?`` after a word stay as they are). Inside
    guillemets a missing space is added (``«mot»`` is never right in French).
    """
    if not any(c in text for c in ";:?!«»"):
        return text
    text = _BEFORE_NARROW.sub(NNBSP + r"\1", text)
    text = _BEFORE_WIDE.sub(NBSP + r"\1", text)
    text = _BEFORE_CLOSING.sub(NBSP + "»", text)
    return _AFTER_OPENING.sub("«" + NBSP, text)


def typography(text: str, lang: str) -> str:
    """``text`` as it is set in ``lang``: with :func:`fr_typo` in French, unchanged in any other language."""
    return fr_typo(text) if lang == "fr" else text
