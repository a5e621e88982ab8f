"""The ``casebook`` command: ``casebook validate`` checks a site's cases, concepts and references; ``casebook new case ID``
starts a case from the commented template."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from . import __version__
from .base.diagnostics import UNCITED, Diagnostic, Severity, display_path, notice_summary
from .bibliography.model import uncited
from .content.citations import keys_in_markdown
from .content.corpus import Corpus, cited_keys, load_corpus
from .model.declaration import Model
from .model.loading import RESERVED_IDS, SLUG, links_leaving
from .publishing.languages import declare_languages
from .publishing.project import NoSiteError, Site, find_site

LABELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}
GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
FORMATS = ("text", "json", "github")


class UsageError(Exception):
    """The command cannot run (no site, a file that does not exist…): exit status 2."""


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="casebook",
        description="Casebook publishes bilingual case studies with MkDocs. This command checks a site's files and "
                    "starts new cases; `mkdocs build` and `mkdocs serve` build the site.",
        epilog="Run `casebook COMMAND --help` for the options of a command. Exit status: 0 when all is well, 1 when "
               "problems were found, 2 when the command could not run (no site here, a missing file).")
    top.add_argument("--version", action="version", version=f"casebook {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "validate", help="check cases, concepts, BibTeX files and compare blocks; report every problem at once",
        description="Check every case, concept and BibTeX file of the site, and the casebook-compare blocks of its "
                    "pages, and report all problems at once as path:line:column: field: message. The site is found "
                    "from the current folder or any folder above it (the one whose mkdocs.yml enables Casebook's "
                    "plugins). Given FILEs, only their problems are reported, checked against the whole site's "
                    "concepts and references.")
    check.add_argument("files", nargs="*", metavar="FILE", type=Path,
                       help="check only these files (cases, concepts, BibTeX files or docs pages)")
    check.add_argument("--root", type=Path, default=None,
                       help="look for the site from this folder instead of the current one")
    check.add_argument("--model", type=Path, default=None, metavar="PATH",
                       help="check the site against this case model instead of the one it declares (casebook.yml, "
                            "or the model: option of casebook/cases); the model's own problems are reported as a "
                            "case file's, with their line and field")
    check.add_argument("--allow-pending", action="store_true",
                       help="do not fail on English translations still pending (the strict build does)")
    check.add_argument("--format", choices=FORMATS, default="text",
                       help="text (default); json: one JSON object per problem on its own line (path, line, column, "
                            "field, severity, message, hint); github: GitHub workflow annotations")
    check.add_argument("-v", "--verbose", action="store_true", help="also show every information message")
    check.add_argument("--uncited", action="store_true", help="list the works in the BibTeX files that no page cites")
    check.set_defaults(run=validate_command)

    strings = commands.add_parser(
        "strings", help="print the interface strings of a shipped language, to start a strings file from",
        description="Print Casebook's interface strings in LANG (fr or en) as a strings file: "
                    "`casebook strings en > strings/es.yml`, then translate each text and add es to the languages "
                    "of casebook/cases in mkdocs.yml.")
    strings.add_argument("lang", choices=["fr", "en"], metavar="LANG", help="fr or en")
    strings.set_defaults(run=strings_command)

    new = commands.add_parser("new", help="start a case from the commented template, or a new site",
                              description="`casebook new case ID` writes cases/ID.yml from Casebook's commented "
                                          "template, valid as written: replace its texts, then run `casebook validate "
                                          "FILE`. `casebook new site DIR` writes a new site into DIR (a new or empty "
                                          "folder): mkdocs.yml, the case model, an example case, two concepts, a "
                                          "BibTeX file and a home page, all placeholders, and a README saying what to "
                                          "edit first; it builds with `mkdocs build --strict` as written.")
    new.add_argument("kind", choices=["case", "site"], help="what to start: a case of this site, or a new site")
    new.add_argument("id", metavar="ID|DIR",
                     help="case: the new case's id, lowercase letters, digits and hyphens (the file name); "
                          "site: the folder to write the new site into")
    new.add_argument("--root", type=Path, default=None, help="case: look for the site from this folder")
    new.add_argument("--name", default=None, help="site: the site's name (default: the folder's name)")
    new.add_argument("--languages", default=None, metavar="CODES",
                     help="site: its languages, separated by commas, the first at the root (default: fr,en)")
    new.set_defaults(run=new_command)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(sys.argv[1:] if argv is None else argv)
    if getattr(args, "run", None) is None:
        parser().print_help(sys.stderr)
        return 2
    try:
        return int(args.run(args))
    except (UsageError, NoSiteError) as exc:
        print(f"casebook: {exc}", file=sys.stderr)
        return 2


# ---- validate ---------------------------------------------------------------------------------------------------

def validate(argv: list[str] | None = None) -> int:
    """``casebook validate`` with its arguments (kept for callers of the former entry point)."""
    return main(["validate", *(argv or [])])


def check_site(site: Site) -> Corpus:
    """Everything ``casebook validate`` checks, as the build does: the corpus, compare blocks, outgoing links, uncited works."""
    root = site.root
    langs = list(site.languages) if isinstance(site.languages, (list, tuple)) else site.languages
    declared = declare_languages(langs, site.apa_fallback, site.strings_dir, root, site.config_file)
    corpus = load_corpus(site.paths)
    corpus.diagnostics = [*declared, *corpus.diagnostics]
    corpus.diagnostics += compare_diagnostics(corpus.model)  # the model's compare: and exports: sections
    corpus.diagnostics += compare_blocks(root, site.docs, corpus)
    # the build refuses these too (MkDocs would publish the targets of links in docs/ and theme/)
    corpus.diagnostics += [d for folder in (site.docs, site.theme) if folder for d in links_leaving(folder, root)]
    pages = sorted(site.docs.rglob("*.md")) if site.docs.is_dir() else []
    cited = cited_keys(corpus) | {key for md in pages
                                  for key in keys_in_markdown(md.read_text(encoding="utf-8", errors="replace"))}
    corpus.diagnostics += uncited(corpus.bibliography, cited)
    return corpus


def validate_command(args: argparse.Namespace) -> int:
    site = find_site(args.root if args.root is not None else _start(args.files))
    if args.model is not None:
        site = with_model(site, args.model)
    only = _shown_paths(site, args.files) if args.files else None
    if only is not None and args.model is not None:
        only.add(display_path(site.paths.model_file, site.root))
    corpus = check_site(site)
    diags = [d for d in corpus.diagnostics if only is None or d.path in only]
    shown: list[Diagnostic] = []
    hidden: list[Diagnostic] = []
    for d in diags:
        wanted = d.severity is not Severity.INFO or args.verbose or (args.uncited and d.message == UNCITED)
        (shown if wanted else hidden).append(d)
    write = {"text": _text, "json": _json, "github": _github}[args.format]
    for line in write(shown):
        print(line)
    if args.format == "text":
        for line in notice_summary(hidden):
            print(f"casebook: {line}", file=sys.stderr)
    errors = sum(d.severity is Severity.ERROR for d in diags)
    warnings = sum(d.severity is Severity.WARNING for d in diags)
    what = (f"{len(only)} file(s) checked against " if only is not None else "") + \
        f"{len(corpus.cases)} cases, {len(corpus.concepts)} concepts, {len(corpus.bibliography.refs)} references"
    print(f"casebook: {what}; {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors or (warnings and not args.allow_pending) else 0


def with_model(site: Site, model: Path) -> Site:
    """``site`` with its cases checked against the model in ``model`` (a :class:`UsageError` when there is none)."""
    path = model.expanduser()
    if not path.is_file():
        raise UsageError(f"{model}: no such file (--model names the case model to check the site against, e.g. "
                         "casebook.yml)")
    return replace(site, paths=replace(site.paths, model=path.resolve()))


def _start(files: list[Path]) -> Path:
    """Where to look for the site: here, or, when here is not in one, beside the first file given."""
    here = Path.cwd()
    if files:
        try:
            find_site(here)
        except NoSiteError:
            return files[0].parent if files[0].parent.exists() else here
    return here


def _shown_paths(site: Site, files: list[Path]) -> set[str]:
    """The paths the diagnostics of ``files`` carry (relative to the site's root)."""
    shown = set()
    for f in files:
        if not f.exists():
            raise UsageError(f"{f}: no such file")
        path = f.resolve()
        try:
            rel = path.relative_to(site.root)
        except ValueError:
            raise UsageError(f"{f} is not in the site at {site.root}") from None
        read = ((path.parent == site.paths.cases.resolve() or path.parent == site.paths.concepts.resolve())
                and path.suffix in {".yml", ".yaml"}) \
            or (path.parent == site.paths.bibliography.resolve() and path.suffix == ".bib") \
            or (path.suffix == ".md" and path.is_relative_to(site.docs.resolve()))
        if not read:
            raise UsageError(f"{f} is not a file Casebook reads: cases/*.yml, concepts/*.yml, bibliography/*.bib "
                             "or a page under docs/")
        shown.add(rel.as_posix())
    return shown


def _text(diags: Iterable[Diagnostic]) -> Iterable[str]:
    for d in diags:
        yield f"{d.format()} [{LABELS[d.severity]}]"
        if d.hint:
            yield f"    hint: {d.hint}"


def _json(diags: Iterable[Diagnostic]) -> Iterable[str]:
    for d in diags:
        yield json.dumps({"path": d.path, "line": d.line, "column": d.column, "field": d.field,
                          "severity": LABELS[d.severity], "message": d.message, "hint": d.hint}, ensure_ascii=False)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(diags: Iterable[Diagnostic]) -> Iterable[str]:
    """GitHub workflow commands: each problem is shown on its line in the pull request."""
    for d in diags:
        props = [f"file={_escape_property(d.path)}"]
        if d.line > 0:
            props += [f"line={d.line}", f"col={max(d.column, 1)}"]
        props.append(f"title={_escape_property(d.field or d.path)}")
        message = d.message + (f"\n{d.hint}" if d.hint else "")
        yield f"::{GITHUB_LEVELS[d.severity]} {','.join(props)}::{_escape_data(message)}"


def compare_diagnostics(model: Model) -> list[Diagnostic]:
    from .compare.spec import diagnostics

    return diagnostics(model)


def compare_blocks(root: Path, docs: Path, corpus: Corpus) -> list[Diagnostic]:
    """Problems in the ``casebook-compare`` blocks of the Markdown pages under ``docs/``."""
    from .compare.directive import NAME, parse_page

    found: list[Diagnostic] = []
    for md in sorted(docs.rglob("*.md")) if docs.is_dir() else []:
        text = md.read_text(encoding="utf-8", errors="replace")
        if NAME in text:  # the whole file, front matter included: lines are the file's
            for block in parse_page(text, corpus, page=md.relative_to(root).as_posix()):
                found.extend(block.diagnostics)
    return found


# ---- new ---------------------------------------------------------------------------------------------------------

def strings_command(args: argparse.Namespace) -> int:
    from .base.ui import strings_yaml

    sys.stdout.write(strings_yaml(args.lang))
    return 0


def new_command(args: argparse.Namespace) -> int:
    if args.kind == "site":
        return new_site_command(args)
    if args.name is not None or args.languages is not None:
        raise UsageError("--name and --languages are options of `casebook new site`, not of `casebook new case`")
    from .publishing.template import case_template

    ident = args.id
    if not SLUG.fullmatch(ident) or ident in RESERVED_IDS:
        raise UsageError(f"'{ident}' cannot be a case id: use lowercase letters, digits and hyphens"
                         + (" (and not 'index')" if ident in RESERVED_IDS else ""))
    site = find_site(args.root if args.root is not None else Path.cwd())
    folder = site.paths.cases
    target = folder / f"{ident}.yml"
    if target.exists() or (folder / f"{ident}.yaml").exists():
        raise UsageError(f"{target.relative_to(site.root).as_posix()} already exists: choose another id")
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(case_template(site), encoding="utf-8")
    shown = target.relative_to(site.root).as_posix()
    print(f"casebook: wrote {shown}: replace its texts (every one in French and English), then run "
          f"`casebook validate {shown}`", file=sys.stderr)
    return 0


def new_site_command(args: argparse.Namespace) -> int:
    from .publishing.scaffold import ScaffoldError, parse_languages, write_site

    folder = Path(args.id).expanduser()
    try:
        languages = parse_languages(args.languages if args.languages is not None else "fr,en")
        name = args.name if args.name is not None else (folder.resolve().name or "Casebook")
        written = write_site(folder, name, languages)
    except ScaffoldError as err:
        raise UsageError(str(err)) from None
    print(f"casebook: wrote a new site in {folder} ({len(written)} files): read {folder / 'README.md'} for what to "
          f"edit first; `cd {folder}` then `mkdocs serve` to preview it", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
