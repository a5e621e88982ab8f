"""The hostile corpus in ``tests/hostile/``: how each file goes into a project, and what it must end in.

Each corpus file is text on disk with a comment saying what it attacks and what must happen. What git should
not hold is made when a file is installed: bytes written as markers (``⟨00⟩`` is a NUL byte, ``⟨c0af⟩`` two
bytes), the padding of the 10 MB file, hostile file names and symbolic links.

Expected locations below are worked out from the corpus files (the line of the anchor, the byte offset of the
first marker, the key nested one level too deep…), not copied from the loader's output.
Used by ``tests/test_hostile.py`` and ``benchmarks/hostile.py``.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from casebook.base.diagnostics import Diagnostic
from casebook.bibliography.model import load_bibliography
from casebook.model.loading import links_leaving, load_cases, load_concepts, load_schemes

HOSTILE = Path(__file__).resolve().parent / "hostile"
ROOT = HOSTILE.parent.parent
MARKER = re.compile("⟨([0-9a-f]+)⟩")
TEN_MB = 10_000_000


@dataclass(frozen=True)
class Located:
    """One expected diagnostic: ``path:line:column: field: …message…`` (column ``None``: any)."""

    path: str
    line: int
    column: int | None
    field: str
    message: str

    def matches(self, formatted: str) -> bool:
        col = str(self.column) if self.column is not None else r"\d+"
        head = rf"{re.escape(self.path)}:{self.line}:{col}: {re.escape(self.field or '<file>')}: "
        return re.match(head, formatted) is not None and self.message in formatted


@dataclass(frozen=True)
class Item:
    """One attack: installed by ``install(project, outside)``; ends in ``errors`` or, if there are none, builds."""

    id: str
    sources: tuple[str, ...]  # corpus files (relative to tests/hostile/)
    install: Callable[[Path, Path], None]
    errors: tuple[Located, ...] = ()
    folder: str = "cases"  # where the loader looks: cases, concepts, bibliography, schemes, docs or all
    ignored: tuple[str, ...] = field(default=())  # installed names that are not content files at all

    @property
    def inert(self) -> bool:
        return not self.errors


def materialise(text: str) -> bytes:
    """The bytes of a corpus file: every ``⟨hex⟩`` marker becomes those bytes."""
    out, pos = b"", 0
    for m in MARKER.finditer(text):
        out += text[pos:m.start()].encode("utf-8") + bytes.fromhex(m[1])
        pos = m.end()
    return out + text[pos:].encode("utf-8")


def first_marker(source: str) -> tuple[int, int, str]:
    """Line, byte column and bytes (hex) of the first marker of a corpus file, once materialised."""
    text = (HOSTILE / source).read_text(encoding="utf-8")
    m = MARKER.search(text)
    assert m, source
    before = materialise(text[:m.start()])
    line = before.count(b"\n") + 1
    return line, len(before) - (before.rfind(b"\n") + 1) + 1, m[1]


def copy(source: str, target: str) -> Callable[[Path, Path], None]:
    def install(project: Path, outside: Path) -> None:
        dest = project / target
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(materialise((HOSTILE / source).read_text(encoding="utf-8")))
    return install


def _append_schemes(project: Path, outside: Path) -> None:
    schemes = project / "concepts" / "_schemes.yml"
    extra = (HOSTILE / "schemes-append.yml").read_text(encoding="utf-8")
    schemes.write_text(schemes.read_text(encoding="utf-8").rstrip("\n") + "\n" + extra, encoding="utf-8")


def _ten_megabytes(project: Path, outside: Path) -> None:
    head = (HOSTILE / "cases" / "hostile-ten-megabytes.yml").read_bytes()
    note = b"  - {fr: Une note parmi des milliers., en: One note among thousands.}\n"
    count = (TEN_MB - len(head)) // len(note)
    body = head + note * count
    body += b"#" * (TEN_MB - len(body) - 1) + b"\n"  # exactly 10,000,000 bytes
    (project / "cases" / "hostile-ten-megabytes.yml").write_bytes(body)


# Hostile names for an otherwise valid case: (file name, how diagnostics show it, expected message).
BAD_NAMES: tuple[tuple[str, str, str], ...] = (
    ("%2e%2e%2fescape.yml", "%2e%2e%2fescape.yml", "bad case id '%2e%2e%2fescape'"),
    ("escape%00.yml", "escape%00.yml", "bad case id 'escape%00'"),
    ("．．／escape.yml", "．．／escape.yml", "bad case id '．．／escape'"),
    ("ｅｓｃａｐｅ.yml", "ｅｓｃａｐｅ.yml", "bad case id 'ｅｓｃａｐｅ'"),
    ("∕..∕escape.yml", "∕..∕escape.yml", "bad case id '∕..∕escape'"),
    ("eѕcape.yml", "eѕcape.yml", "bad case id 'eѕcape'"),
    ("escape\u200b.yml", "escape\\u200b.yml", "bad case id 'escape\\u200b'"),
    ("Escape.yml", "Escape.yml", "bad case id 'Escape'"),
    (" escape.yml", " escape.yml", "bad case id ' escape'"),
    ("escape\n.yml", "escape\\n.yml", "bad case id 'escape\\n'"),
    ("escape\n\x1b[31mfake.yml", "escape\\n\\x1b[31mfake.yml", "bad case id 'escape\\n\\x1b[31mfake'"),
    ("index.yml", "index.yml", "the case id 'index' is reserved"),
)
# Names that are not case files (hidden or private by convention): ignored, no page, no error.
IGNORED_NAMES = ("..%2f..%2fescape.yml", "..%5c..%5cescape.yml", "..yml", ".escape.yml", "_escape.yml")


def _names(names: tuple[str, ...]) -> Callable[[Path, Path], None]:
    def install(project: Path, outside: Path) -> None:
        for name in names:
            shutil.copy(HOSTILE / "names" / "traversal-id.yml", project / "cases" / name)
    return install


def _symlinks(project: Path, outside: Path) -> None:
    outside.mkdir(parents=True, exist_ok=True)
    shutil.copy(HOSTILE / "names" / "traversal-id.yml", outside / "escape-case.yml")
    shutil.copy(HOSTILE / "bibliography" / "hostile-latex.bib", outside / "escape.bib")
    (outside / "escape-concept.yml").write_text("term: {fr: Évasion, en: Escape}\ndefinition: {fr: D., en: D.}\n",
                                                encoding="utf-8")
    (project / "cases" / "hostile-link.yml").symlink_to(outside / "escape-case.yml")
    (project / "cases" / "hostile-passwd.yml").symlink_to("/etc/passwd")
    (project / "concepts" / "hostile-link.yml").symlink_to(outside / "escape-concept.yml")
    (project / "bibliography" / "hostile-link.bib").symlink_to(outside / "escape.bib")


def _docs_symlink(project: Path, outside: Path) -> None:
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "secret.md").write_text("# Secret\n\ncasebook-secret-outside-the-repository\n", encoding="utf-8")
    (project / "docs" / "leak.md").symlink_to(outside / "secret.md")


def _byte_error(source: str, shown: str, message: str) -> Located:
    line, column, _ = first_marker(source)
    return Located(shown, line, column, "", message)


OUTSIDE = "symbolic link leading outside the repository folder: refused"

ITEMS: tuple[Item, ...] = (
    # ---- inert: the site builds and shows the text escaped --------------------------------------------
    Item("injection", ("cases/hostile-injection.yml",), copy("cases/hostile-injection.yml", "cases/hostile-injection.yml")),
    Item("urls", ("cases/hostile-urls.yml",), copy("cases/hostile-urls.yml", "cases/hostile-urls.yml")),
    Item("concept-injection", ("concepts/hostile-concept.yml",),
         copy("concepts/hostile-concept.yml", "concepts/hostile-concept.yml"), folder="concepts"),
    Item("schemes-injection", ("schemes-append.yml",), _append_schemes, folder="schemes"),
    Item("bibtex-latex", ("bibliography/hostile-latex.bib",),
         copy("bibliography/hostile-latex.bib", "bibliography/hostile-latex.bib"), folder="bibliography"),
    Item("bibtex-string-bomb", ("bibliography/hostile-string-bomb.bib",),
         copy("bibliography/hostile-string-bomb.bib", "bibliography/hostile-string-bomb.bib"), folder="bibliography"),
    Item("ignored-names", ("names/traversal-id.yml",), _names(IGNORED_NAMES), ignored=IGNORED_NAMES),
    # ---- located errors ------------------------------------------------------------------------------
    Item("alias-bomb", ("cases/hostile-alias-bomb.yml",), copy("cases/hostile-alias-bomb.yml", "cases/hostile-alias-bomb.yml"),
         (Located("cases/hostile-alias-bomb.yml", 6, 4, "", "YAML anchors (&name) are not allowed"),)),
    Item("merge-key", ("cases/hostile-merge-key.yml",), copy("cases/hostile-merge-key.yml", "cases/hostile-merge-key.yml"),
         (Located("cases/hostile-merge-key.yml", 4, 7, "", "YAML anchors (&name) are not allowed"),)),
    # "summary: " fills columns 1-9; the 41st "[" (column 50) would open a 41st flow level.
    Item("deep-flow", ("cases/hostile-deep-flow.yml",), copy("cases/hostile-deep-flow.yml", "cases/hostile-deep-flow.yml"),
         (Located("cases/hostile-deep-flow.yml", 5, 50, "", "nesting deeper than 40 levels"),)),
    # The root mapping is level 1, the mapping holding k<i> level i + 2 and k<i> itself level i + 3: k38 (line 5 + 38,
    # indented 2 × 39 spaces) is level 41.
    Item("deep-block", ("cases/hostile-deep-block.yml",), copy("cases/hostile-deep-block.yml", "cases/hostile-deep-block.yml"),
         (Located("cases/hostile-deep-block.yml", 43, 79, "", "nesting deeper than 40 levels"),)),
    Item("nul-byte", ("cases/hostile-nul-byte.yml",), copy("cases/hostile-nul-byte.yml", "cases/hostile-nul-byte.yml"),
         (_byte_error("cases/hostile-nul-byte.yml", "cases/hostile-nul-byte.yml", "NUL byte in the file"),)),
    Item("invalid-utf8", ("cases/hostile-invalid-utf8.yml",),
         copy("cases/hostile-invalid-utf8.yml", "cases/hostile-invalid-utf8.yml"),
         (_byte_error("cases/hostile-invalid-utf8.yml", "cases/hostile-invalid-utf8.yml", "invalid UTF-8 byte 0xff"),)),
    Item("concept-invalid-utf8", ("concepts/hostile-concept-bad-bytes.yml",),
         copy("concepts/hostile-concept-bad-bytes.yml", "concepts/hostile-concept-bad-bytes.yml"),
         (_byte_error("concepts/hostile-concept-bad-bytes.yml", "concepts/hostile-concept-bad-bytes.yml",
                      "invalid UTF-8 byte 0xe9"),), folder="concepts"),
    Item("ten-megabytes", ("cases/hostile-ten-megabytes.yml",), _ten_megabytes,
         (Located("cases/hostile-ten-megabytes.yml", 1, 1, "", "file too large (10.0 MB; the limit is 1 MB)"),)),
    Item("traversal-names", ("names/traversal-id.yml",), _names(tuple(n for n, _, _ in BAD_NAMES)),
         tuple(Located(f"cases/{shown}", 1, 1, "", message) for _, shown, message in BAD_NAMES)),
    Item("symlinks", ("names/traversal-id.yml", "bibliography/hostile-latex.bib"), _symlinks,
         (Located("cases/hostile-link.yml", 1, 1, "", OUTSIDE), Located("cases/hostile-passwd.yml", 1, 1, "", OUTSIDE),
          Located("concepts/hostile-link.yml", 1, 1, "", OUTSIDE),
          Located("bibliography/hostile-link.bib", 1, 1, "", "symbolic links are not allowed")), folder="all"),
    # Lines of the entries and of the fields holding \href, in the file.
    Item("bibtex-errors", ("bibliography/hostile-latex-errors.bib",),
         copy("bibliography/hostile-latex-errors.bib", "bibliography/hostile-latex-errors.bib"),
         (Located("bibliography/hostile-latex-errors.bib", 4, 1, "hostile-url-js", "url must start with http:// or https://"),
          Located("bibliography/hostile-latex-errors.bib", 12, 1, "hostile-url-data", "url must start with http:// or https://"),
          Located("bibliography/hostile-latex-errors.bib", 21, 1, "hostile-href-author.author", "cannot decode the LaTeX of 'author'"),
          Located("bibliography/hostile-latex-errors.bib", 29, 1, "hostile-href-title.title", "cannot decode the LaTeX of 'title'")),
         folder="bibliography"),
)

# A page of docs/ that is a symbolic link to a file outside the repository: MkDocs would publish it.
DOCS_SYMLINK = Item("docs-symlink", (), _docs_symlink,
                    (Located("docs/leak.md", 1, 1, "", OUTSIDE),), folder="docs")

INERT = tuple(i for i in ITEMS if i.inert)
BROKEN = (*tuple(i for i in ITEMS if not i.inert), DOCS_SYMLINK)


def install(items: tuple[Item, ...], project: Path, outside: Path) -> None:
    for item in items:
        item.install(project, outside / item.id)


def empty_project(root: Path) -> Path:
    for name in ("cases", "concepts", "bibliography", "docs"):
        (root / name).mkdir(parents=True)
    shutil.copy(ROOT / "concepts" / "_schemes.yml", root / "concepts" / "_schemes.yml")
    return root


def load(item: Item, project: Path) -> list[Diagnostic]:
    """The diagnostics of the loader that reads ``item.folder``."""
    if item.folder == "all":
        return [d for folder in ("cases", "concepts", "bibliography") for d in load(replace(item, folder=folder), project)]
    if item.folder == "cases":
        return load_cases(project / "cases", project)[1]
    if item.folder == "concepts":
        return load_concepts(project / "concepts", project)[1]
    if item.folder == "schemes":
        return load_schemes(project / "concepts", project)[1]
    if item.folder == "bibliography":
        return load_bibliography(sorted((project / "bibliography").glob("*.bib")), project).diagnostics
    return links_leaving(project / item.folder, project)
