"""Our texts are in our own words: "facts and figures carry over; sentences do not" (the brief).

Every French and English text of ``cases/*.yml``, ``concepts/*.yml`` and ``docs/**/*.md`` is compared with the two
seed documents (the thesis, 000_*.txt, and the colloquium booklet, 003_*.txt). A run of ``N`` or more consecutive
words shared with a seed fails the test unless it stands inside quotation marks (« … », “ … ”, " … ") in our text, a
quotation being the one honest way to carry a sentence over. Both sides are normalised alike: lower case, ’ → ',
the seed's broken lines joined and its blank lines dropped, punctuation stripped (so "l'Office" is "l office"),
spaces collapsed. Citations (``[@key, …]``, ``@key``), link targets, HTML tags and code spans are not words of the
text: they break a run, as a quotation does.

Proper names and titles that are six words or longer are in ``NAMES``, each with its reason: such a name counts as
one word on both sides, so the name alone is no run, but a sentence copied around it still is.

The seeds are not part of the repository: they are looked for in a ``shared/seeds`` folder beside the repository or
one of its parents (``/work/shared/seeds`` for ``/work/main``), or in ``$CASEBOOK_SEEDS``; the test is skipped, saying
so, only when they are absent.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
N = 6

# Names and titles of six words or more that both we and a seed must write out in full, and why. Each counts as one
# word (see the module's docstring). Keep it to names: a phrase that is merely common is a run to rewrite.
NAMES: dict[str, str] = {
    # organisations, units, laws, policies and programmes (official names)
    "office municipal d'habitation de montréal": "the organisation's name (OMHM), the thesis's case",
    "démarche d'innovation sociale": "the initiative's name (DIS), thesis",
    "direction de la gestion des milieux de vie": "an OMHM directorate's name, thesis",
    "cité-id livinglab – gouvernance de la résilience urbaine": "the ENAP laboratory's full name, thesis",
    "école nationale d'administration publique": "the university's name (ENAP)",
    "société canadienne d'hypothèques et de logement": "the federal agency's name (SCHL/CMHC), thesis",
    "loi sur la société d'habitation du québec": "the act's title, thesis",
    "loi sur la protection de la jeunesse": "the act's title (LPJ), colloquium",
    "centres de protection de l'enfance et de la jeunesse": "the institutions' name (CPEJ), colloquium",
    "direction de la protection de la jeunesse": "the institution's name (DPJ), colloquium",
    "table gang de rue de laval": "the round table's name (TGDRL), colloquium",
    "société de criminologie du québec": "the organisation's name, colloquium",
    "chaire-réseau de recherche sur la jeunesse du québec": "the research chair's name, colloquium",
    "régie de l'assurance maladie": "the agency's name (RAMQ), colloquium",
    "gendarmerie royale du canada": "the police force's name (GRC/RCMP), colloquium",
    "politique régionale de développement social de laval": "the policy's title, colloquium",
    "presses de l'université du québec": "the publisher's name (PUQ)",
    "infrastructure géomatique ouverte": "the project's name (IGO), colloquium",
    "habitations à loyer modique": "the legal designation of public housing (HLM), thesis",
    "services aux jeunes": "the project's name (SAJ), colloquium",
    "infections transmissibles sexuellement et par le sang": "the official name of the disease group (ITSS), colloquium",
    "structure et des processus d'animation des trajectoires": "SPAT's name as the colloquium spells it (L242)",
    "animation des trajectoires de soins et de services": "the governance innovation's name, colloquium L226",
    "cadre intégrateur de la gouvernance collaborative": "the name of Emerson et al.'s framework, colloquium L256",
    "modèle de leadership pour l'adaptabilité organisationnelle": "the name of Uhl-Bien and Arena's model, thesis",
    "modèle de gouvernance de la valeur publique": "the name of Loeffler and Bovaird's model, thesis Figure 1",
    "considération des besoins et des capacités": "a public value's name in the thesis's classification",
    "responsable de la mise en œuvre des amendements": "a position's title in the LPJ evaluation's data table, "
    "colloquium L563 (the booklet names it so and says no more)",
    "volonté d'agir pour et avec les usagers": "one of the three shared principles the SPAT talk names (L303), a "
    "structure item's label",
    "comité interministériel des hauts dirigeants": "a committee's name in the programme integrity talk (L1371)",
    "comité interministériel de travail": "a committee's name in the programme integrity talk (L1372)",
    "la réussite scolaire des jeunes placés": "the first reflexive space's subject, as the colloquium names it (L880)",
    "la lutte contre les infections transmissibles sexuellement et par le sang": "the second reflexive space's "
    "subject, as the colloquium names it (L885)",
    # the thesis's case: places, units, partners and working groups, as the thesis names them
    "habitations saint-michel nord": "the housing complex's name (HSMN), the thesis's site",
    "arrondissement villeray–saint-michel–parc-extension": "the borough's official name, thesis",
    "cellule saint-michel nord": "the team's name (Cellule SMN), thesis",
    "direction de la gestion et du développement des actifs": "an OMHM directorate's name, thesis",
    "service du développement communautaire et social": "an OMHM service's name, thesis",
    "service de la gestion des hlm secteur nord-ouest": "an OMHM service's name, thesis",
    "service de l'optimisation des encadrements et des services aux locataires": "an OMHM service's name, thesis",
    "ordre des architectes du québec": "the professional order's name (its prize), thesis",
    "ciusss de l'est-de-l'île-de-montréal": "the health establishment's legal name, thesis",
    "table de quartier vivre saint-michel en santé": "the neighbourhood round table's name, thesis",
    "entente canada-québec sur le logement": "the agreement's name, thesis",
    "chantier sur les communications avec les résidents": "an OMHM strategic review's name, thesis (L4042-4045)",
    "chantier sur le redéploiement des services de proximité en hlm": "an OMHM strategic review's name, thesis (L4042-4045)",
    "mon resto saint-michel": "a partner organisation's name, thesis",
    "la maison des jeunes par la grand'porte": "a partner organisation's name, thesis",
    "la petite maison": "a partner organisation's name, thesis (hosted at the HSMN with the three before it)",
    "la démarche d'innovation sociale (dis) de l'office municipal d'habitation de montréal": "the initiative's full "
    "name, our case's title, as the thesis writes it",
    "leadership administratif relationnel collaboratif": "a leadership form's name (LAR-C), the thesis's typology",
    "leadership administratif relationnel innovant": "a leadership form's name (LAR-I), the thesis's typology",
    "gestion des milieux de vie": "an OMHM directorate's and its director's title, thesis",
    "critères d'inclusion et d'exclusion": "the methods term for a sample's rules, written as the field writes it",
    # terms of the field that are our concepts' labels, written as they are
    "conflits de valeurs publiques": "a concept's label (public value conflicts), the thesis's subject",
    "coproduction des services publics": "the thesis's title's first part, and the field's name",
    "consideration of citizen-users' needs and capacities": "the same value's name, the thesis's English abstract",
    "renforcement des relations entre citoyens-utilisateurs et administrateurs publics": "a benefit category's name, "
    "the thesis's French abstract",
    "strengthening relations between citizen-users and public administrators": "the same category's name, the "
    "thesis's English abstract",
    "meilleures relations entre utilisateurs et employés": "the same category's name, the thesis's Table 1",
    "santé et de services sociaux": "part of the legal names of Québec's health and social services establishments "
    "(CISSS, CIUSSS)",
    # the colloquium's talk titles (003 L21-27) and their authors
    "l'expérience des trajectoires de soins et de services de santé au québec": "talk 1's title",
    "lara maillet, georges-charles thiebaut, geneviève champagne et nassera touati": "talk 1's authors",
    "l'intervention auprès des jeunes en difficulté": "talk 2's title, first part",
    "choisir de collaborer ou y être obligé": "talk 2's title, second part",
    "les espaces réflexifs comme leviers de développement d'une collaboration intersectorielle en milieux "
    "sociosanitaires et en éducation": "talk 3's title",
    "nassera touati, élodie marion et lara maillet": "talk 3's authors",
    "l'intersectorialité et l'évolution de la collaboration entre organismes publics territorialisés": "talk 4's title",
    "les défis de la collaboration dans la mutualisation des ressources en géomatique": "talk 5's title",
    "les retombées d'un projet interministériel autonome pour renforcer l'intégrité des programmes à la "
    "population": "talk 6's title",
    "la collaboration interorganisationnelle : conditions, retombées et perspectives en contexte public": "the book's title",
}

# Runs the test knows about and leaves to a pending fix, in tests/own_words_pending.tsv: file, run (as reported),
# who fixes it and where it is written down. They work as strict xfails: the main test passes over them, and
# test_each_pending_run_is_still_there fails as soon as one has gone, until its line is removed (one test for all,
# not one xfail each: 400 expected failures cost pytest seconds). Never add a line without a named fix; a run nobody
# will fix is rewritten or quoted now.
PENDING_FILE = Path(__file__).with_name("own_words_pending.tsv")


def _pending() -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    if PENDING_FILE.is_file():
        for line in PENDING_FILE.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                file, words, why = line.split("\t")
                out[(file, words)] = why
    return out


PENDING = _pending()


# ---- locating the seeds ----------------------------------------------------------------------------------------
def seeds_dir() -> Path | None:
    """The folder holding the two seeds: ``$CASEBOOK_SEEDS``, else ``shared/seeds`` beside the repository or one of
    its parents."""
    env = os.environ.get("CASEBOOK_SEEDS")
    if env:
        return Path(env) if Path(env).is_dir() else None
    for parent in ROOT.parents:
        cand = parent / "shared" / "seeds"
        if cand.is_dir():
            return cand
    return None


def seed_files() -> list[Path]:
    d = seeds_dir()
    if d is None:
        return []
    return sorted(p for p in (*d.glob("000_*.txt"), *d.glob("003_*.txt")))


# ---- normalising ------------------------------------------------------------------------------------------------
_WORD = re.compile(r"[^\W_]+")
_APOS = str.maketrans({"’": "'", "‘": "'", "\u00a0": " ", "\u202f": " "})
# Not words of the text; each breaks a run. Citations in brackets, narrative citations, Markdown link targets, URLs,
# HTML tags, code spans.
_BREAKS = re.compile(
    r"\[[^\[\]]*@[^\[\]]*\]"  # [@key, p. 3; @other]
    r"|(?<![\w.])-?@[\w:.#$%&+?<>~/-]*\w"  # @key
    r"|\]\([^)]*\)"  # ](target)
    r"|https?://\S+"
    r"|<[^>]*>"
    r"|`[^`]*`"
    r"|\{[#:][^}]*\}"  # attribute lists {#id} {: .class}
)


@cache
def _names_by_first() -> dict[str, list[tuple[int, tuple[str, ...]]]]:
    """The names of NAMES as word tuples, by their first word, longest first."""
    out: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for k, name in enumerate(NAMES):
        words = tuple(_WORD.findall(name.translate(_APOS).lower()))
        out.setdefault(words[0], []).append((k, words))
    for v in out.values():
        v.sort(key=lambda kw: -len(kw[1]))
    return out


def _fold_names(tokens: list[str], where: list[int]) -> tuple[list[str], list[int]]:
    """``tokens`` with each name of NAMES folded into one token (``where`` kept in step: the first word's place)."""
    names = _names_by_first()
    out: list[str] = []
    at: list[int] = []
    i = 0
    while i < len(tokens):
        for k, name in names.get(tokens[i], ()):
            if tuple(tokens[i : i + len(name)]) == name:
                out.append(f"<name{k}>")
                at.append(where[i])
                i += len(name)
                break
        else:
            out.append(tokens[i])
            at.append(where[i])
            i += 1
    return out, at


def quoted_mask(text: str) -> list[bool]:
    """For each character of ``text``, whether it stands inside quotation marks (« », “ ”, or straight double
    quotes), the marks themselves included. Guillemets and curly quotes nest."""
    mask = [False] * len(text)
    guil = curly = 0
    straight = False
    for i, c in enumerate(text):
        if c == "«":
            guil += 1
        elif c == "“":
            curly += 1
        elif c == '"':
            straight = not straight
            mask[i] = True
            continue
        inside = guil > 0 or curly > 0 or straight
        mask[i] = inside
        if c == "»" and guil:
            guil -= 1
        elif c == "”" and curly:
            curly -= 1
    return mask


def balanced(text: str) -> bool:
    return text.count("«") == text.count("»") and text.count("“") == text.count("”") and text.count('"') % 2 == 0


def segments(text: str) -> Iterator[list[tuple[str, int]]]:
    """The runs of words of ``text`` outside quotation marks and breaks, each word with its character offset."""
    text = text.translate(_APOS)
    mask = quoted_mask(_BREAKS.sub(lambda m: " " * len(m.group()), text))  # a tag's attribute quotes are no quotation
    for m in _BREAKS.finditer(text):
        for i in range(m.start(), m.end()):
            mask[i] = True
    current: list[tuple[str, int]] = []
    last = 0
    for m in _WORD.finditer(text.lower()):
        gap = text[last : m.start()]
        if mask[m.start()] or "\n\n" in gap:
            if current:
                yield current
            current = []
            if mask[m.start()]:
                last = m.end()
                continue
        elif any(mask[last : m.start()]):
            if current:
                yield current
            current = []
        current.append((m.group(), m.start()))
        last = m.end()
    if current:
        yield current


# ---- the seeds' index -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SeedIndex:
    grams: dict[tuple[str, ...], tuple[str, int]]  # first place of each N-gram: (seed file name, 1-based line)


def build_index(files: Iterable[Path], n: int = N) -> SeedIndex:
    grams: dict[tuple[str, ...], tuple[str, int]] = {}
    for path in files:
        tokens: list[str] = []
        lines: list[int] = []
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for w in _WORD.findall(line.translate(_APOS).lower()):
                tokens.append(w)
                lines.append(no)
        tokens, lines = _fold_names(tokens, lines)
        for i in range(len(tokens) - n + 1):
            grams.setdefault(tuple(tokens[i : i + n]), (path.name, lines[i]))
    return SeedIndex(grams)


@cache
def seed_index() -> SeedIndex:
    return build_index(seed_files())


# ---- finding runs -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Run:
    where: str  # file and field path, or file and line
    words: str
    seed: str
    line: int
    offset: int  # in the text

    def __str__(self) -> str:
        return f"{self.where}: « {self.words} » ({len(self.words.split())} words; {self.seed} L{self.line})"


def runs_in(text: str, where: str, index: SeedIndex, n: int = N) -> list[Run]:
    """The maximal runs of ``n`` or more words of ``text``, outside quotation marks, that a seed has too."""
    found: list[Run] = []
    for seg in segments(text):
        words, offs = _fold_names([w for w, _ in seg], [o for _, o in seg])
        i = 0
        while i <= len(words) - n:
            hit = index.grams.get(tuple(words[i : i + n]))
            if hit is None:
                i += 1
                continue
            j = i + 1
            while j <= len(words) - n and tuple(words[j : j + n]) in index.grams:
                j += 1
            end = j - 1 + n  # words[i:end] is the run
            if not only_dates_and_numbers(words[i:end]) and not only_value_names(words[i:end]):
                shown = " ".join(NAMES_SHOWN.get(w, w) for w in words[i:end])
                found.append(Run(where, shown, hit[0], hit[1], offs[i]))
            i = end
    return found


NAMES_SHOWN = {f"<name{k}>": n for k, n in enumerate(NAMES)}

# A run made only of dates, numbers and function words (« entre octobre 2015 et juin 2017 ») states a fact, not a
# sentence: it is not reported.
_MONTHS = (
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre "
    "january february march april may june july august september october november december "
    "hiver printemps été automne winter spring summer autumn fall"
)
_FUNCTION_WORDS = (
    "le la les l un une des de du d au aux à a et ou en entre dans sur par pour jusqu jusque depuis puis vers "
    "the of and or in on at to from between until since by for a an er"
)
DATE_WORDS = frozenset((_MONTHS + " " + _FUNCTION_WORDS).split())


def only_dates_and_numbers(words: list[str]) -> bool:
    return all(w.isdigit() or w in DATE_WORDS for w in words)


# Likewise a run made only of the names of public values (the thesis's Table 1, 000 L1211-1264, and the values it
# adds) and function words is a list of names (« d'efficacité, de qualité, de satisfaction et de durabilité »).
_VALUE_NAMES = (
    "performance efficacité efficience qualité satisfaction durabilité imputabilité apprentissage confiance "
    "transparence liberté individuelle participation autonomisation inclusion capital social bienveillance "
    "innovation amélioration continue responsabilisation "
    "effectiveness efficiency quality sustainability accountability learning trust transparency liberty individual "
    "empowerment benevolence continuous improvement"
)
VALUE_LIST_WORDS = frozenset((_VALUE_NAMES + " " + _FUNCTION_WORDS).split())


def only_value_names(words: list[str]) -> bool:
    return all(w in VALUE_LIST_WORDS or w in NAMES_SHOWN for w in words)


# ---- our texts --------------------------------------------------------------------------------------------------
# A concept's aliases are other names of it, kept in the sources' own wording so that a search for them finds the
# concept: names, not sentences, so not checked.
SKIPPED_FIELDS = {"aliases"}


def _yaml_texts(node: object, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for k, v in node.items():
            sub = f"{path}.{k}" if path else str(k)
            if k in SKIPPED_FIELDS and not path:
                continue
            if k in ("fr", "en"):
                if isinstance(v, str):
                    yield sub, v
                elif isinstance(v, list):
                    for i, x in enumerate(v):
                        if isinstance(x, str):
                            yield f"{sub}[{i}]", x
            else:
                yield from _yaml_texts(v, sub)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _yaml_texts(v, f"{path}[{i}]")


def our_files() -> list[Path]:
    return sorted([*ROOT.glob("cases/*.yml"), *ROOT.glob("concepts/*.yml"), *ROOT.glob("docs/**/*.md")])


def texts_of(path: Path) -> Iterator[tuple[str, str]]:
    """(field path or "", text) for each French and English text of ``path``; a Markdown page is one text."""
    if path.suffix == ".md":
        yield "", path.read_text(encoding="utf-8")
    else:
        yield from _yaml_texts(yaml.safe_load(path.read_text(encoding="utf-8")), "")


def runs_of(path: Path, index: SeedIndex) -> list[Run]:
    rel = path.relative_to(ROOT).as_posix()
    found: list[Run] = []
    for field, text in texts_of(path):
        if field:
            found += runs_in(text, f"{rel} {field}", index)
        else:
            for r in runs_in(text, rel, index):
                line = text.translate(_APOS).count("\n", 0, r.offset) + 1
                found.append(Run(f"{rel}:{line}", r.words, r.seed, r.line, r.offset))
    return found


def unbalanced_of(path: Path) -> list[str]:
    rel = path.relative_to(ROOT).as_posix()
    return [f"{rel} {field or ''}".strip() for field, text in texts_of(path) if not balanced(_BREAKS.sub(" ", text))]


def _key(r: Run) -> tuple[str, str]:
    return r.where.partition(" ")[0].partition(":")[0], r.words


@cache
def file_runs(rel: str) -> tuple[Run, ...]:
    return tuple(runs_of(ROOT / rel, seed_index()))


# ---- the tests --------------------------------------------------------------------------------------------------
needs_seeds = pytest.mark.skipif(
    not seed_files(), reason="the seeds (shared/seeds/000_*.txt, 003_*.txt) are not beside the repository"
)


@needs_seeds
def test_our_texts_share_no_run_of_six_words_with_a_seed_outside_quotation_marks() -> None:
    found = [r for p in our_files() for r in file_runs(p.relative_to(ROOT).as_posix()) if _key(r) not in PENDING]
    assert not found, (
        f"{len(found)} run(s) of {N}+ words copied from a seed: rewrite them in our own words (same facts, both "
        "languages), or, if the passage is quoted, put it in quotation marks with its citation:\n"
        + "\n".join(map(str, found))
    )


@needs_seeds
def test_quotation_marks_are_balanced() -> None:
    """An unclosed « would hide the rest of its text from the test above."""
    bad = [w for p in our_files() for w in unbalanced_of(p)]
    assert not bad, "quotation marks opened and not closed (or the reverse) in:\n" + "\n".join(bad)


@needs_seeds
def test_each_pending_run_is_still_there() -> None:
    """A pending run that has gone must leave the pending list, so the list never allows a run silently: were the
    same words copied back later, the test above would then catch them (the role a strict xfail per run plays)."""
    gone = [k for k in PENDING if not any(_key(r) == k for r in file_runs(k[0]))]
    assert not gone, f"fixed, remove from {PENDING_FILE.name}:\n" + "\n".join(f"{f}\t{w}" for f, w in gone)


# The checker itself, on texts made for it (a copy must be found; quotes, names and short runs must not).
@needs_seeds
def test_a_copied_run_is_found_with_its_seed_line() -> None:
    seed = seed_files()[0]
    lines = seed.read_text(encoding="utf-8").splitlines()
    index = seed_index()

    def plain_and_first(no: int) -> bool:  # a line of plain words whose opening words the seed has nowhere before
        words = lines[no - 1].split()[:9]
        return (len(words) == 9 and all(re.fullmatch(r"[^\W\d_]+", w) for w in words)
                and index.grams.get(tuple(w.lower() for w in words[:N])) == (seed.name, no))

    no = next(i for i in range(len(lines) // 2, len(lines)) if plain_and_first(i))
    copied = " ".join(lines[no - 1].split()[:9])
    text = f"Notre texte reprend ici, sans guillemets, {copied} et poursuit."
    runs = runs_in(text, "made-up", seed_index())
    assert len(runs) == 1 and runs[0].seed == seed.name and runs[0].line == no
    assert len(runs[0].words.split()) >= N
    assert not runs_in(f"Notre texte cite « {copied} » et poursuit.", "made-up", seed_index())
    assert not runs_in(f'Our text quotes "{copied}" and goes on.', "made-up", seed_index())


def test_the_checker_on_a_made_up_seed(tmp_path: Path) -> None:
    seed = tmp_path / "000_x.txt"
    seed.write_text(
        "Le Cité-ID LivingLab – Gouvernance de la résilience\n\nurbaine a observé les rencontres\n"
        "mensuelles de la démarche pendant quarante-trois mois.\n",
        encoding="utf-8",
    )
    index = build_index([seed])
    # a run over a broken line of the seed, with different punctuation and case: found, with the line it starts on
    runs = runs_in("Ils ont observé les Rencontres mensuelles, de la démarche, longtemps.", "t", index)
    assert [(r.words, r.line) for r in runs] == [("observé les rencontres mensuelles de la démarche", 3)]
    # five words are not a run
    assert not runs_in("ils ont observé les rencontres mensuelles", "t", index)
    # a citation or a quotation mark breaks a run
    assert not runs_in("observé les rencontres [@x2020] mensuelles de la démarche", "t", index)
    assert not runs_in("observé les « rencontres mensuelles de la démarche »", "t", index)
    # nested guillemets: the whole quotation is out
    assert not runs_in("« observé « les » rencontres mensuelles de la démarche »", "t", index)
    # a long name counts as one word: the name and three words are no run; with more words copied, they are
    assert not runs_in("Le Cité-ID LivingLab – Gouvernance de la résilience urbaine a observé", "t", index)
    assert runs_in("Le Cité-ID LivingLab – Gouvernance de la résilience urbaine a observé les rencontres mensuelles", "t", index)


def test_a_run_of_dates_and_numbers_is_a_fact_not_a_sentence(tmp_path: Path) -> None:
    seed = tmp_path / "003_x.txt"
    seed.write_text("La collecte a eu lieu entre octobre 2015 et juin 2017 auprès des partenaires.\n", encoding="utf-8")
    index = build_index([seed])
    assert not runs_in("Ils ont observé entre octobre 2015 et juin 2017 les rencontres.", "t", index)
    assert [r.words for r in runs_in("La collecte a eu lieu entre octobre 2015.", "t", index)] == [
        "la collecte a eu lieu entre octobre 2015"
    ]


def test_a_list_of_value_names_is_not_a_sentence(tmp_path: Path) -> None:
    seed = tmp_path / "000_x.txt"
    seed.write_text("regroupe les valeurs de performance, d'efficacité, de qualité, de satisfaction et de durabilité\n",
                    encoding="utf-8")
    index = build_index([seed])
    assert not runs_in("Elle comprend performance, efficacité, qualité, satisfaction et durabilité.", "t", index)
    assert runs_in("Elle regroupe les valeurs de performance, d'efficacité.", "t", index)


def test_unbalanced_quotes_are_reported() -> None:
    assert balanced("« un » et “ deux ” et \"trois\"")
    assert not balanced("« un et deux")
    assert balanced("[@key, « p. 3 »] texte")
