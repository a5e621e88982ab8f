"""The Material templates that ``theme/`` overrides by copying them, and the documented changes made to each copy.

One list serves two users: tests/test_html_valid.py checks that each copy is Material's template (the installed,
locked release) with exactly these changes, and ``bash .ci/upgrade`` re-copies the templates from a new release with
these changes applied (``python -m tests.material_copies --write``), failing loudly when one no longer applies.

Each copy starts with our own Jinja comment saying why it exists and naming the Material release it was copied from
("Material 9.8.2's base.html"); Material's "automatically generated" header is dropped.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THEME = ROOT / "theme"

MATERIAL_HEADER = "{#-\n  This file was automatically generated - do not edit\n-#}\n"
COPIED_TEMPLATES: dict[str, list[tuple[str, str]]] = {
    # theme file: [(Material's text, ours)]
    "base.html": [(
        '    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">\n'
        '    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">\n',
        '    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">\n'
        '    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">\n'
        '    <script>document.getElementById("__drawer").checked=document.getElementById("__search").checked=false'
        '</script>\n')],
    "partials/toc.html": [('<label class="md-nav__title" for="__toc">',
                           '<label class="md-nav__title"{% if page in nav.pages %} for="__toc"{% endif %}>')],
    "partials/header.html": [(
        '        <div class="md-header__topic" data-md-component="header-topic">\n'
        '          <span class="md-ellipsis">\n',
        '        <div class="md-header__topic" data-md-component="header-topic">\n'
        '          <span class="md-ellipsis"{% if page.meta and page.meta.title_lang %} '
        'lang="{{ page.meta.title_lang | e }}"{% endif %}>\n')],
    "partials/search.html": [('<div class="md-search" data-md-component="search" role="dialog">',
                              '<div class="md-search" data-md-component="search" role="dialog" '
                              "aria-label=\"{{ lang.t('search') }}\">")],
}
# "Material 9.8.2's base.html" in our comment: the release the copy was made from.
RELEASE_IN_COMMENT = re.compile(r"\bMaterial (\d+(?:\.\d+)+)'s ")


class PatchError(Exception):
    """A documented change no longer applies to Material's template: the copy needs a human."""


def material_version() -> str:
    return metadata.version("mkdocs-material")


def material_template(name: str) -> str:
    import material

    return (Path(material.__file__).parent / "templates" / name).read_text(encoding="utf-8")


def patched(name: str, theirs: str) -> str:
    """Material's template ``theirs`` without its generated header, with our documented changes applied."""
    if not theirs.startswith(MATERIAL_HEADER):
        raise PatchError(f"Material's {name} no longer starts with its 'automatically generated' header")
    body = theirs[len(MATERIAL_HEADER):]
    for old, new in COPIED_TEMPLATES[name]:
        found = body.count(old)
        if found != 1:
            raise PatchError(f"Material {material_version()}'s {name} changed: {old!r} found {found} times, not once")
        body = body.replace(old, new)
    return body


def split_copy(ours: str) -> tuple[str, str]:
    """Our copy as (our comment, with its newline; the template)."""
    if not ours.startswith("{#-") or "-#}\n" not in ours:
        raise PatchError("our copy does not start with a {#- … -#} comment saying why it exists")
    end = ours.index("-#}\n") + len("-#}\n")
    return ours[:end], ours[end:]


def refresh(name: str, theme: Path = THEME) -> bool:
    """Re-copy ``name`` into ``theme`` from the installed Material with our changes; True if the file changed."""
    path = theme / name
    ours = path.read_text(encoding="utf-8")
    comment, _ = split_copy(ours)
    if not RELEASE_IN_COMMENT.search(comment):
        raise PatchError(f"theme/{name}: its comment does not name the Material release it copies ('Material X.Y.Z's')")
    comment = RELEASE_IN_COMMENT.sub(f"Material {material_version()}'s ", comment, count=1)
    new = comment + patched(name, material_template(name))
    if new == ours:
        return False
    path.write_text(new, encoding="utf-8")
    return True


def main(argv: list[str]) -> int:
    if argv != ["--write"]:
        print("usage: python -m tests.material_copies --write   (re-copies theme/'s Material templates)", file=sys.stderr)
        return 2
    try:
        for name in sorted(COPIED_TEMPLATES):
            changed = refresh(name)
            print(f"theme/{name}: {'re-copied from' if changed else 'already matches'} Material {material_version()}")
    except PatchError as exc:
        print(f"error: {exc}; edit theme/ and COPIED_TEMPLATES in tests/material_copies.py by hand", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
