"""Synthetic Casebook corpora for the scale benchmark, and the plain Material site with the same pages.

Everything is generated from a seeded random generator, so two runs build the same files. A corpus is
realistic in size and structure: cases with timelines, actors, governance, data sources, findings
with facet categories, public values, a structure table, free Markdown sections and pandoc citations
(``[@key]``, ``[@a; @b, p. 12]``, narrative ``@key``, ``[-@key]``) in both languages; concepts in
facet schemes with definitions, citations, aliases and broader/narrower/related relations; BibTeX
entries of every supported type, every one cited at least once.
"""

from __future__ import annotations

import random
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent

# ---- words -------------------------------------------------------------------------------------
FR = ("la collaboration entre les organisations publiques repose sur une gouvernance partagée et des mécanismes de "
      "coordination souples ; les partenaires du réseau local mobilisent des ressources communes, négocient leurs "
      "priorités, construisent la confiance au fil des rencontres du comité de pilotage et rendent compte aux "
      "citoyens des résultats obtenus dans le quartier, malgré des contraintes budgétaires et des cultures "
      "professionnelles différentes qui freinent parfois le partage d'information entre les établissements du "
      "réseau de la santé, les écoles, les municipalités et les organismes communautaires").replace(" ;", "").split()
EN = ("collaboration between public organisations rests on shared governance and flexible coordination mechanisms; "
      "partners in the local network pool common resources, negotiate their priorities, build trust over the "
      "meetings of the steering committee and report to citizens on the results achieved in the neighbourhood, "
      "despite budget constraints and different professional cultures that sometimes hinder information sharing "
      "between the institutions of the health network, schools, municipalities and community organisations").replace(";", "").split()
FAMILIES = ["Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin", "Gagné",
            "Ouellet", "Pelletier", "Bélanger", "Lévesque", "Bergeron", "Leblanc", "Paquette", "Girard", "Simard",
            "Boucher", "Caron", "Beaulieu", "Cloutier", "Dubé", "Poirier", "Fournier", "Lapointe", "Leclerc",
            "Lefebvre", "Poulin", "Thibault", "St-Pierre", "Nadeau", "Martin", "Landry", "Martel", "Bédard",
            "Grenier", "Lessard", "Émond", "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis",
            "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "White", "Harris", "Clark", "Lewis",
            "Walker", "Hall", "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson",
            "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner", "Torres", "Parker",
            "O'Brien", "van der Berg", "de Vries", "Müller", "Ansell", "Emerson", "Bryson", "Huxham", "Agranoff"]
GIVEN = ["Marie", "Jean", "Louise", "Pierre", "Anne-Marie", "Jean-François", "Sophie", "Luc", "Isabelle", "Michel",
         "Julie", "André", "Catherine", "Éric", "Nathalie", "John", "Mary", "Robert", "Patricia", "David", "Linda",
         "Chris", "Barbara", "Mark", "Susan", "Paul", "Karen", "Steven", "Nancy", "Kenneth"]
JOURNALS = ["Public Administration Review", "Administration publique du Canada", "Journal of Public Administration "
            "Research and Theory", "Télescope", "Revue française d'administration publique", "Public Management Review",
            "Canadian Public Administration", "Politique et Sociétés", "International Public Management Journal"]
PUBLISHERS = ["Presses de l'Université du Québec", "Georgetown University Press", "Routledge", "Presses de "
              "l'Université Laval", "Oxford University Press", "Éditions du Boréal", "Palgrave Macmillan"]
SCHOOLS = ["École nationale d'administration publique", "Université de Montréal", "Université Laval",
           "University of Toronto", "McGill University"]
INSTITUTIONS = ["Institut national de santé publique du Québec", "Ministère de la Santé et des Services sociaux",
                "Office municipal d'habitation de Montréal", "OECD", "Treasury Board of Canada Secretariat"]
TYPES = (["article"] * 40 + ["book"] * 14 + ["incollection"] * 15 + ["phdthesis"] * 5 + ["mastersthesis"] * 2
         + ["report"] * 10 + ["online"] * 5 + ["legislation"] * 3 + ["misc"] * 4 + ["inproceedings"] * 2)

# Facet schemes and how many concepts each gets; the rest of the concepts are theoretical notions.
FACETS = [("sector", "sector", 8), ("level", "level", 4), ("collaboration-type", "collaboration.types", 4),
          ("collaboration-mode", "collaboration.mode", 2), ("intersectoral-regime", "collaboration.regimes", 3),
          ("public-value", "public_values.concept", 16), ("facilitating-factor", "findings.facilitating_factors.categories", 12),
          ("barrier", "findings.barriers.categories", 12)]
KINDS = ["individual-interviews", "group-interviews", "observations", "documents", "questionnaires", "workshops"]


def ascii_slug(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in decomposed if not unicodedata.combining(c)).lower())


@dataclass
class Spec:
    """What to generate."""

    cases: int
    references: int
    concepts: int
    cite: bool = True  # False: the same texts without any citation, and only the source entries
    seed: int = 7


@dataclass
class Corpus:
    """The generated data, kept to write the Casebook project and the plain site."""

    spec: Spec
    cases: dict[str, dict[str, Any]] = field(default_factory=dict)
    concepts: dict[str, dict[str, Any]] = field(default_factory=dict)
    schemes: dict[str, dict[str, Any]] = field(default_factory=dict)
    bib: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> fields (+ "_type", "_authors")
    bib_text: dict[str, str] = field(default_factory=dict)  # key -> BibTeX entry
    facet_ids: dict[str, list[str]] = field(default_factory=dict)
    theory: list[str] = field(default_factory=list)


class Gen:
    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.rng = random.Random(spec.seed)
        self.corpus = Corpus(spec)
        self.keys: list[str] = []

    # ---- text -------------------------------------------------------------------------------
    def words(self, lang: str, n: int) -> str:
        pool = FR if lang == "fr" else EN
        start = self.rng.randrange(len(pool))
        out = [pool[(start + i * self.rng.choice((1, 1, 1, 2, 3))) % len(pool)] for i in range(n)]
        return " ".join(out).replace(";", "").replace(" ,", ",")

    def sentence(self, lang: str, n: int, cite: str = "") -> str:
        s = self.words(lang, n)
        s = s[0].upper() + s[1:]
        return f"{s} {cite}".rstrip() + "."

    def cite_markup(self, keys: list[str], form: int) -> str:
        page = self.rng.randint(3, 250)  # drawn even without citations, so both variants get the same texts
        if not self.spec.cite or not keys:
            return ""
        if form == 0:
            return f"[@{keys[0]}]"
        if form == 1:
            return "[" + "; ".join(f"@{k}" for k in keys[:3]) + "]"
        if form == 2:
            return f"[@{keys[0]}, p. {page}]"
        return f"[-@{keys[0]}]"

    def text(self, sentences: int, keys: list[str] | None = None, words: tuple[int, int] = (12, 24)) -> dict[str, str]:
        """A bilingual paragraph; citations (same keys in both languages) end some sentences."""
        keys = list(keys or [])
        cites = []
        for i in range(sentences):
            if keys and (i % 2 == 1 or i == sentences - 1):
                take = keys[:self.rng.choice((1, 1, 2, 3))]
                keys = keys[len(take):]
                cites.append(self.cite_markup(take, self.rng.randrange(4) if len(take) == 1 else 1))
            else:
                cites.append("")
        lens = [self.rng.randint(*words) for _ in range(sentences)]
        return {lang: " ".join(self.sentence(lang, n, c) for n, c in zip(lens, cites, strict=True)) for lang in ("fr", "en")}

    def short(self, n: int) -> dict[str, str]:
        return {lang: self.words(lang, n).capitalize() for lang in ("fr", "en")}

    # ---- references -----------------------------------------------------------------------
    def person(self) -> tuple[str, str]:
        return self.rng.choice(FAMILIES), self.rng.choice(GIVEN)

    def make_bib(self, count: int) -> None:
        rng = self.rng
        for i in range(count):
            etype = rng.choice(TYPES)
            n_auth = rng.choice((1, 1, 1, 2, 2, 3, 4, 6))
            corporate = etype in {"report", "online", "legislation"} and rng.random() < 0.5
            authors = [(rng.choice(INSTITUTIONS), "")] if corporate else [self.person() for _ in range(n_auth)]
            year = str(rng.randint(1985, 2024)) if rng.random() > 0.03 else ""
            key = f"{ascii_slug(authors[0][0])[:12]}{year or 'nd'}k{i}"
            lang = "french" if rng.random() < 0.45 else "english"
            title = self.words("fr" if lang == "french" else "en", rng.randint(7, 16)).capitalize()
            if rng.random() < 0.08:
                title = title.replace("e", "{\\'e}", 1)  # a LaTeX accent, as in real BibTeX
            f: dict[str, str] = {"title": title, "langid": lang}
            if year:
                f["year"] = year
            if rng.random() < 0.2:
                f["transtitle"] = self.words("en" if lang == "french" else "fr", rng.randint(6, 12)).capitalize()
            if etype == "article":
                f.update(journal=rng.choice(JOURNALS), volume=str(rng.randint(1, 80)), number=str(rng.randint(1, 6)),
                         pages=f"{(p := rng.randint(1, 600))}--{p + rng.randint(8, 30)}")
                if rng.random() < 0.5:
                    f["doi"] = f"10.{rng.randint(1000, 9999)}/bench.{i}"
            elif etype in {"book"}:
                f["publisher"] = rng.choice(PUBLISHERS)
                if rng.random() < 0.1:
                    f["edition"] = str(rng.randint(2, 5))
            elif etype in {"incollection", "inproceedings"}:
                eds = [self.person() for _ in range(rng.choice((1, 2, 3)))]
                f.update(booktitle=self.words("fr" if lang == "french" else "en", 8).capitalize(),
                         publisher=rng.choice(PUBLISHERS), pages=f"{(p := rng.randint(1, 400))}--{p + rng.randint(10, 40)}")
                f["editor"] = " and ".join(f"{a}, {b}" for a, b in eds)
            elif etype in {"phdthesis", "mastersthesis"}:
                f["school"] = rng.choice(SCHOOLS)
            elif etype == "report":
                f["institution"] = rng.choice(INSTITUTIONS)
                if rng.random() < 0.5:
                    f["number"] = f"R-{rng.randint(1, 99)}"
            else:
                f["howpublished"] = rng.choice(INSTITUTIONS)
                f["url"] = f"https://example.org/{etype}/{i}"
            if rng.random() < 0.03:
                f["incomplete"] = "pages" if etype == "article" else "publisher"
            others = not corporate and n_auth >= 3 and rng.random() < 0.1
            author = " and ".join(f"{{{a}}}" if not b else f"{a}, {b}" for a, b in authors) + (" and others" if others else "")
            body = ",\n".join([f"  author = {{{author}}}"] + [f"  {k} = {{{v}}}" for k, v in f.items()])
            self.corpus.bib_text[key] = f"@{etype}{{{key},\n{body}\n}}"
            self.corpus.bib[key] = {**f, "_type": etype, "_authors": authors}
            self.keys.append(key)

    # ---- concepts ------------------------------------------------------------------------------
    def make_concepts(self, count: int) -> None:
        rng = self.rng
        c = self.corpus
        ids: list[tuple[str, str]] = []  # (id, scheme)
        for scheme, facet, n in FACETS:
            c.schemes[scheme] = {"label": self.short(3), "facet": facet}
            c.facet_ids[scheme] = [f"{scheme}-{j:02d}" for j in range(n)]
            ids += [(cid, scheme) for cid in c.facet_ids[scheme]]
        c.schemes["theory"] = {"label": self.short(2)}
        c.theory = [f"notion-{j:04d}" for j in range(max(count - len(ids), 10))]
        ids += [(cid, "theory") for cid in c.theory]
        by_scheme: dict[str, list[str]] = {}
        for cid, scheme in ids:
            by_scheme.setdefault(scheme, []).append(cid)
        for cid, scheme in ids:
            siblings = by_scheme[scheme]
            j = siblings.index(cid)
            data: dict[str, Any] = {"term": self.short(rng.randint(1, 4)), "schemes": [scheme]}
            if rng.random() < 0.3:
                data["aliases"] = {"fr": [self.words("fr", 2)], "en": [self.words("en", 2)]}
            works = list(dict.fromkeys(rng.choice(self.keys) for _ in range(rng.randint(1, 3))))
            data["definition"] = self.text(rng.randint(3, 6), works)
            works = works if self.spec.cite else []
            # A tree per scheme: the parent of j is (j-1)//4; broader on the child, narrower on the parent.
            if j:
                data["broader"] = [siblings[(j - 1) // 4]]
            kids = [siblings[k] for k in range(4 * j + 1, min(4 * j + 5, len(siblings)))]
            if kids:
                data["narrower"] = kids
            related = {rng.choice(ids)[0] for _ in range(2)} - {cid}
            if related:
                data["related"] = sorted(related)
            if works:
                data["works"] = works
            c.concepts[cid] = data

    # ---- cases ----------------------------------------------------------------------------------
    def make_cases(self, count: int) -> None:
        rng = self.rng
        c = self.corpus
        fi = c.facet_ids
        per_case = max(1, len(self.keys) // max(count, 1))
        for i in range(count):
            # Every reference is cited: case i owns its block of keys, and cites a few random ones too.
            own = self.keys[i * per_case:(i + 1) * per_case] if i < count - 1 else self.keys[i * per_case:]
            pool = own + [rng.choice(self.keys) for _ in range(6)]
            rng.shuffle(pool)
            source = own[0] if own else self.keys[i % len(self.keys)]
            y = rng.randint(1995, 2020)
            y2 = y + rng.randint(1, 6)

            def take(n: int, pool: list[str] = pool) -> list[str]:
                got = pool[:n]
                del pool[:n]
                return got

            def date(lo: int = y, hi: int = y2) -> str:
                yy = rng.randint(lo, hi)
                return f"{yy}-{rng.randint(1, 12):02d}" if rng.random() < 0.7 else str(yy)

            timeline = []
            for _ in range(rng.randint(6, 10)):
                d = date()
                ev: dict[str, Any] = {"date": d, "event": self.text(1, words=(10, 22))}
                if rng.random() < 0.2:
                    ev["end"] = str(int(d[:4]) + rng.randint(1, 2))
                timeline.append(ev)
            kinds = rng.sample(KINDS, rng.randint(3, 5))
            data_sources = []
            for kind in kinds:
                ds: dict[str, Any] = {"kind": kind, "count": rng.randint(1, 60)}
                if kind in {"group-interviews", "questionnaires", "workshops"}:
                    ds["participants"] = rng.randint(5, 300)
                    if rng.random() < 0.5:
                        ds["organisations"] = rng.randint(2, 20)
                if rng.random() < 0.4:
                    ds["note"] = self.text(1, words=(6, 14))
                data_sources.append(ds)

            def finding(cats: str | None) -> dict[str, Any]:
                f: dict[str, Any] = {"text": self.text(rng.randint(1, 2), take(1) if rng.random() < 0.3 else [])}
                if cats:
                    f["categories"] = rng.sample(fi[cats], rng.randint(1, 2))
                if rng.random() < 0.3:
                    f["concepts"] = rng.sample(c.theory, 1)
                return f

            case: dict[str, Any] = {
                "title": self.short(rng.randint(10, 18)),
                "short_title": self.short(rng.randint(3, 5)),
                "summary": self.text(rng.randint(5, 7), take(2)),
                "sector": rng.sample(fi["sector"], rng.randint(1, 2)),
                "level": rng.sample(fi["level"], rng.randint(1, 2)),
                "place": self.short(3),
                "period": {"start": str(y), "end": str(y2)},
                "timeline": timeline,
                "actors": [{"name": self.short(rng.randint(3, 6)), "kind": rng.choice(["organisation", "unit", "group", "role"]),
                            "role": self.text(1, words=(8, 16))} for _ in range(rng.randint(4, 8))],
                "collaboration": {"types": rng.sample(fi["collaboration-type"], rng.randint(1, 2)),
                                  "mode": rng.choice(fi["collaboration-mode"]),
                                  "description": self.text(rng.randint(3, 5), take(2))},
                "governance": [{"name": self.short(3), "description": self.text(2, take(1)),
                                "concepts": rng.sample(c.theory, 1)} for _ in range(rng.randint(2, 4))],
                "research_design": {"approach": self.text(1), "period": {"start": str(y2), "end": str(y2 + 1)},
                                    "questions": [self.text(1, words=(10, 18)) for _ in range(rng.randint(2, 3))],
                                    "description": self.text(rng.randint(2, 4), take(1))},
                "data_sources": data_sources,
                "framework": {"description": self.text(rng.randint(3, 5), take(3)),
                              "concepts": rng.sample(c.theory, 3), "works": take(2)},
                "findings": {"facilitating_factors": [finding("facilitating-factor") for _ in range(rng.randint(3, 5))],
                             "barriers": [finding("barrier") for _ in range(rng.randint(3, 5))],
                             "outcomes": [finding(None) for _ in range(rng.randint(2, 4))],
                             "lessons": [finding(None) for _ in range(rng.randint(2, 3))]},
                "public_values": [{"concept": pv, "category": self.short(2), "text": self.text(rng.randint(1, 2)),
                                   **({"emerging": True} if rng.random() < 0.2 else {})}
                                  for pv in rng.sample(fi["public-value"], rng.randint(2, 4))],
                "structures": [{"id": "phases", "title": self.short(2), "intro": self.text(2),
                                "columns": {"when": self.short(1)},
                                "items": [{"label": self.short(2), "when": self.short(2), "description": self.text(1),
                                           **({"concept": rng.choice(c.theory)} if rng.random() < 0.5 else {})}
                                          for _ in range(rng.randint(3, 6))]}],
                "concepts": rng.sample(c.theory, rng.randint(3, 5)),
                "sources": [source],
                "source_notes": [self.text(1) for _ in range(rng.randint(1, 2))],
            }
            if rng.random() < 0.4:
                case["collaboration"]["regimes"] = [rng.choice(fi["intersectoral-regime"])]
            if not case["framework"]["works"] or not self.spec.cite:
                del case["framework"]["works"]
            sections = []
            for s in range(rng.randint(1, 3)):
                body = self.text(rng.randint(3, 6), take(2))
                items = [self.text(1, words=(6, 12)) for _ in range(3)]
                body = {lang: f"{body[lang]}\n\n" + "\n".join(f"- **{it[lang][:20]}** {it[lang][20:]}" for it in items)
                        + f"\n\n*{self.words(lang, 6)}* [{self.words(lang, 2)}](https://example.org/{i}/{s})."
                        for lang in ("fr", "en")}
                sections.append({"id": f"section-{s}", "title": self.short(3), "body": body})
            case["sections"] = sections
            rest = [k for k in pool if k != source]
            if rest and self.spec.cite:
                case["works"] = list(dict.fromkeys(rest))
            c.cases[f"case-{i:05d}"] = case


def generate(spec: Spec) -> Corpus:
    gen = Gen(spec)
    gen.make_bib(spec.references)
    gen.make_concepts(spec.concepts)
    gen.make_cases(spec.cases)
    if not spec.cite:  # only the works named as sources remain
        sources = {s for case in gen.corpus.cases.values() for s in case["sources"]}
        gen.corpus.bib = {k: v for k, v in gen.corpus.bib.items() if k in sources}
        gen.corpus.bib_text = {k: v for k, v in gen.corpus.bib_text.items() if k in sources}
    return gen.corpus


# ---- writing ---------------------------------------------------------------------------------------
class _NoAliasDumper(yaml.CSafeDumper if hasattr(yaml, "CSafeDumper") else yaml.SafeDumper):  # type: ignore[misc]
    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False, width=110)


PAGES = {"index": ("Accueil", "Home"), "about": ("À propos des sources", "About the sources"),
         "contribute": ("Contribuer un cas", "Contribute a case")}


def _doc_page(gen: random.Random, lang: str, title: str) -> str:
    pool = FR if lang == "fr" else EN
    paras = [" ".join(gen.choice(pool) for _ in range(120)).capitalize() + "." for _ in range(5)]
    return f"# {title}\n\n" + "\n\n".join(paras) + "\n"


def write_docs(corpus: Corpus, docs: Path) -> None:
    rng = random.Random(corpus.spec.seed)
    (docs / "en").mkdir(parents=True, exist_ok=True)
    for name, (fr, en) in PAGES.items():
        (docs / f"{name}.md").write_text(_doc_page(rng, "fr", fr), encoding="utf-8")
        (docs / "en" / f"{name}.md").write_text(_doc_page(rng, "en", en), encoding="utf-8")


def write_casebook(corpus: Corpus, dest: Path) -> None:
    """A Casebook project: the real theme and mkdocs.yml, the synthetic content."""
    shutil.copytree(ROOT / "theme", dest / "theme")
    write_docs(corpus, dest / "docs")
    for folder in ("cases", "concepts", "bibliography"):
        (dest / folder).mkdir()
    schema = "# yaml-language-server: $schema=../plugins/casebook/schemas/{}.schema.json\n"
    for cid, data in corpus.cases.items():
        (dest / "cases" / f"{cid}.yml").write_text(schema.format("case") + dump(data), encoding="utf-8")
    for cid, data in corpus.concepts.items():
        (dest / "concepts" / f"{cid}.yml").write_text(schema.format("concept") + dump(data), encoding="utf-8")
    (dest / "concepts" / "_schemes.yml").write_text(dump(corpus.schemes), encoding="utf-8")
    entries = list(corpus.bib_text.values())
    chunk = 1000
    for n in range(0, max(len(entries), 1), chunk):
        (dest / "bibliography" / f"refs-{n // chunk:02d}.bib").write_text("\n\n".join(entries[n:n + chunk]) + "\n",
                                                                           encoding="utf-8")
    cfg = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    cfg = re.sub(r"(?m)^site_url:.*$", "site_url: https://casebook.example.org/", cfg)
    (dest / "mkdocs.yml").write_text(_nav_of_existing_pages(cfg, dest / "docs"), encoding="utf-8")


_NAV_PAGE = re.compile(r"^\s*- (?:[^:\n]+: )?(?P<path>[\w./-]+\.md)\s*$")
_GENERATED = {"cases", "compare", "concepts", "bibliography"}  # sections Casebook's plugins write themselves


def _nav_of_existing_pages(cfg: str, docs: Path) -> str:
    """The real site's ``mkdocs.yml`` without the nav entries of its own pages the synthetic site lacks (the guided
    comparisons, the open-data and model pages): MkDocs would list them untitled ("None") and warn."""
    def keep(line: str) -> bool:
        m = _NAV_PAGE.match(line)
        if m is None:
            return True
        parts = m["path"].split("/")
        section = parts[1] if parts[0] == "en" and len(parts) > 1 else parts[0]
        return section in _GENERATED or (docs / m["path"]).is_file()
    return "".join(line for line in cfg.splitlines(keepends=True) if keep(line))


# ---- the floor: a plain Material site with the same pages, hand-written ---------------------------
_CITE = re.compile(r"\[(-?@[^\]]+)\]|(?<![\w@.])@([A-Za-z0-9][\w:.\-]*[A-Za-z0-9])")


def _plain_cites(text: str, corpus: Corpus) -> str:
    def author_year(key: str) -> str:
        ref = corpus.bib.get(key.lstrip("-@").split(",")[0].strip())
        if not ref:
            return key
        return f"{ref['_authors'][0][0]}, {ref.get('year', 's. d.')}"

    def sub(m: re.Match[str]) -> str:
        if m[2]:
            return author_year(m[2])
        return "(" + "; ".join(author_year(k.strip()) for k in m[1].split(";")) + ")"

    return _CITE.sub(sub, text)


def _ref_text(key: str, corpus: Corpus) -> str:
    ref = corpus.bib[key]
    authors = ", ".join(f"{a}, {b[:1]}." if b else a for a, b in ref["_authors"])
    where = ref.get("journal") or ref.get("booktitle") or ref.get("publisher") or ref.get("school") \
        or ref.get("institution") or ref.get("howpublished") or ""
    return f"{authors} ({ref.get('year', 's. d.')}). *{ref['title']}*. {where}."


def _case_md(cid: str, case: dict[str, Any], lang: str, corpus: Corpus) -> str:
    def t(x: dict[str, str]) -> str:
        return _plain_cites(x[lang], corpus)

    out = [f"# {t(case['title'])}", "", f"- {case['period']['start']} – {case['period']['end']}", f"- {t(case['place'])}",
           f"- {', '.join(case['sector'])}", f"- {', '.join(case['collaboration']['types'])}", "",
           "## Summary", "", t(case["summary"]), "", "## Timeline", ""]
    out += [f"1. {e['date']} — {t(e['event'])}" for e in case["timeline"]]
    out += ["", "## Actors", "", "| Actor | Kind | Role |", "| --- | --- | --- |"]
    out += [f"| {t(a['name'])} | {a['kind']} | {t(a['role'])} |" for a in case["actors"]]
    out += ["", "## Collaboration", "", t(case["collaboration"]["description"]), "", "### Governance", ""]
    out += [f"- **{t(g['name'])}** — {t(g['description'])}" for g in case["governance"]]
    rd = case["research_design"]
    out += ["", "## Research", "", t(rd["approach"]), "", t(rd["description"]), ""]
    out += [f"1. {t(q)}" for q in rd["questions"]]
    out += ["", "| Source | Count | Participants |", "| --- | --- | --- |"]
    out += [f"| {d['kind']} | {d.get('count', '')} | {d.get('participants', '—')} |" for d in case["data_sources"]]
    out += ["", "## Framework", "", t(case["framework"]["description"]), "", "## Findings", ""]
    for group, items in case["findings"].items():
        out += [f"### {group}", ""] + [f"- {t(f['text'])} ({', '.join(f.get('categories', []))})" for f in items] + [""]
    out += ["## Public values", "", "| Value | Category | Observation |", "| --- | --- | --- |"]
    out += [f"| {v['concept']} | {t(v['category'])} | {t(v['text'])} |" for v in case["public_values"]]
    for s in case["structures"]:
        out += ["", f"## {t(s['title'])}", "", t(s["intro"]), "", "| Item | When | Description |", "| --- | --- | --- |"]
        out += [f"| {t(it['label'])} | {t(it['when'])} | {t(it['description'])} |" for it in s["items"]]
    for s in case["sections"]:
        out += ["", f"## {t(s['title'])}", "", t(s["body"])]
    out += ["", "## Notes", ""] + [f"- {t(n)}" for n in case["source_notes"]]
    keys = sorted({m for txt in _texts(case, lang) for m in re.findall(r"@([A-Za-z0-9][\w:.\-]*[A-Za-z0-9])", txt)}
                  | set(case["sources"]))
    out += ["", "## References", ""] + [f"- {_ref_text(k, corpus)}" for k in keys if k in corpus.bib]
    out += ["", "## Cite", "", "```bibtex", *[corpus.bib_text[k] for k in case["sources"]], "```", ""]
    return "\n".join(out)


def _texts(data: Any, lang: str) -> list[str]:
    if isinstance(data, dict):
        if "fr" in data and set(data) <= {"fr", "en"} and isinstance(data["fr"], str):
            return [data[lang]]
        return [t for v in data.values() for t in _texts(v, lang)]
    if isinstance(data, list):
        return [t for v in data for t in _texts(v, lang)]
    return []


def _concept_md(concept: dict[str, Any], lang: str, corpus: Corpus, users: list[str]) -> str:
    out = [f"# {concept['term'][lang]}", "", "## Definition", "", _plain_cites(concept["definition"][lang], corpus), ""]
    for rel in ("broader", "narrower", "related"):
        if concept.get(rel):
            out += [f"### {rel}", ""] + [f"- [{corpus.concepts[c]['term'][lang]}](../{c}.md)" for c in concept[rel]] + [""]
    out += ["## Cases", ""] + [f"- [{corpus.cases[c]['title'][lang]}](../../cases/{c}.md)" for c in users]
    keys = concept.get("works", [])
    if keys:
        out += ["", "## References", ""] + [f"- {_ref_text(k, corpus)}" for k in keys]
    return "\n".join(out) + "\n"


def write_plain(corpus: Corpus, dest: Path) -> None:
    """A plain Material site with the same pages as the Casebook build, written as Markdown (not in the nav)."""
    docs = dest / "docs"
    write_docs(corpus, docs)
    users: dict[str, list[str]] = {}
    for cid, case in corpus.cases.items():
        for concept in {*case["sector"], *case["level"], *case["collaboration"]["types"], *case["concepts"]}:
            users.setdefault(concept, []).append(cid)
    for lang in ("fr", "en"):
        base = docs if lang == "fr" else docs / "en"
        for folder in ("cases", "concepts", "bibliography"):
            (base / folder).mkdir(parents=True, exist_ok=True)
        for cid, case in corpus.cases.items():
            (base / "cases" / f"{cid}.md").write_text(_case_md(cid, case, lang, corpus), encoding="utf-8")
        rows = [f"| [{c['title'][lang]}]({cid}.md) | {c['period']['start']} | {', '.join(c['sector'])} |"
                for cid, c in corpus.cases.items()]
        (base / "cases" / "index.md").write_text("# Cases\n\n| Case | Period | Sector |\n| --- | --- | --- |\n" + "\n".join(rows) + "\n",
                                                 encoding="utf-8")
        for cid, concept in corpus.concepts.items():
            (base / "concepts" / f"{cid}.md").write_text(_concept_md(concept, lang, corpus, users.get(cid, [])),
                                                         encoding="utf-8")
        (base / "concepts" / "index.md").write_text(
            "# Concepts\n\n" + "\n".join(f"- [{c['term'][lang]}]({cid}.md)" for cid, c in corpus.concepts.items()) + "\n",
            encoding="utf-8")
        bib = [f"1. {_ref_text(k, corpus)}\n\n    ```bibtex\n" + "\n".join("    " + ln for ln in corpus.bib_text[k].splitlines())
               + "\n    ```\n" for k in sorted(corpus.bib)]
        (base / "bibliography" / "index.md").write_text("# Bibliography\n\n" + "\n".join(bib), encoding="utf-8")
    (dest / "mkdocs.yml").write_text(
        "site_name: Plain\nsite_url: https://plain.example.org/\ntheme:\n  name: material\n  language: fr\n  font: false\n"
        "markdown_extensions:\n  - attr_list\n  - tables\n  - toc:\n      permalink: false\n  - admonition\n"
        "plugins:\n  - search:\n      lang: [fr, en]\n"
        "nav:\n  - Accueil: index.md\n  - À propos: about.md\n  - Contribuer: contribute.md\n"
        "  - English:\n      - Home: en/index.md\n      - About: en/about.md\n      - Contribute: en/contribute.md\n",
        encoding="utf-8")
