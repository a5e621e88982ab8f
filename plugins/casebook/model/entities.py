"""The domain objects: cases, concepts, schemes. Built once from validated data; treated as immutable."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..base import dates
from ..base.i18n import Localized, site_languages
from ..base.yamlfile import PathKey, YamlDocument
from .declaration import Model, default_model
from .refs import concept_refs, facet_values


def walk_texts(data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, Localized]]:
    """Every text of a loaded document (a mapping from the site's languages to texts, its first language given), with
    its path, in document order."""
    langs = site_languages()
    found: list[tuple[PathKey, Localized]] = []
    _collect_texts(data, path, langs.default, frozenset(langs.codes), found)
    return iter(found)


_LEAVES = frozenset((str, int, float, bool, type(None)))  # what a loaded document holds besides mappings and lists


def _collect_texts(data: Any, path: PathKey, first: str, codes: frozenset[str],
                   found: list[tuple[PathKey, Localized]]) -> None:
    # One call per mapping or list, none per scalar (a document's leaves hold no text of their own): a loaded case
    # has some thousand values, walked at load twice and at every page in each language.
    if isinstance(data, Mapping):
        if first in data and codes.issuperset(data) and not isinstance(data.get(first), list):
            found.append((path, Localized.from_data(data)))
            return
        for key, value in data.items():
            if type(value) not in _LEAVES:
                _collect_texts(value, (*path, key), first, codes, found)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            if type(value) not in _LEAVES:
                _collect_texts(value, (*path, i), first, codes, found)


# The ids of the headings every case page has (theme/casebook/case.html, references.html): a case's own tables and
# free sections are anchored by their ``id`` on the same page, so theirs must differ (checked at load).
CASE_PAGE_IDS = frozenset({
    "top", "summary", "setting", "timeline", "actors", "collaboration", "governance", "research", "questions",
    "data-sources", "framework", "concepts", "findings", "facilitating-factors", "barriers", "outcomes", "lessons",
    "public-values", "source-notes", "references", "cb-cite-page", "cb-cite-source",
})


def L(data: Any) -> Localized:  # noqa: N802 - short constructor used in templates
    return Localized.from_data(data)


@dataclass(frozen=True)
class _Document:
    """A loaded file of the site's contents: its id (the file's name), its path, its validated data and the YAML
    document it was read from (positions, for diagnostics)."""

    id: str
    path: str
    data: Mapping[str, Any]
    doc: YamlDocument = field(repr=False, compare=False)

    def _list(self, key: str) -> list[Any]:
        return list(self.data.get(key) or [])


@dataclass(frozen=True)
class Case(_Document):
    """One case study, from ``cases/<id>.yml``."""

    model: Model | None = field(default=None, repr=False, compare=False)  # the site's declared model

    @property
    def title(self) -> Localized:
        return L(self.data.get("title"))

    @property
    def short_title(self) -> Localized:
        return L(self.data.get("short_title") or self.data.get("title"))

    @property
    def summary(self) -> Localized:
        return L(self.data.get("summary"))

    @property
    def sectors(self) -> list[str]:
        return self._list("sector")

    @property
    def levels(self) -> list[str]:
        return self._list("level")

    @property
    def collaboration(self) -> Mapping[str, Any]:
        return self.data.get("collaboration") or {}

    @property
    def types(self) -> list[str]:
        return list(self.collaboration.get("types") or [])

    @property
    def mode(self) -> str:
        return str(self.collaboration.get("mode") or "")

    @property
    def period(self) -> Mapping[str, Any]:
        """The case's period: the value of the model's period field (:attr:`Model.period_field`), ``{}`` when none."""
        spec = (self.model or default_model()).period_field
        value = spec.get(self.data) if spec is not None else None
        return value if isinstance(value, Mapping) else {}

    def period_text(self, lang: str) -> str:
        p = self.period
        label = L(p.get("label")).get(lang) if p.get("label") else ""
        if label:
            return label
        start, end = p.get("start", ""), p.get("end", "")
        if start and end and start != end:
            return f"{dates.fmt(start, lang)} – {dates.fmt(end, lang)}"
        return dates.fmt(start or end, lang)

    @property
    def sort_key(self) -> tuple[tuple[int, int, int], str]:
        return dates.start_key(str(self.period.get("start", ""))), self.id

    def facet_values(self) -> dict[str, list[str]]:
        """Concept ids used as facet values, by the path their vocabulary constrains (``collaboration.types``,
        ``findings.barriers.categories``), as the site's model declares them."""
        return facet_values(self.model or default_model(), self.data)

    def concept_refs(self) -> Iterator[tuple[PathKey, str, str]]:
        """Every concept reference: (path, concept id, how: 'facet' or 'mention'), where the model's fields hold
        concept ids."""
        yield from concept_refs(self.model or default_model(), self.data)


@dataclass(frozen=True)
class Scheme:
    id: str
    label: Localized
    facet: str = ""


@dataclass(frozen=True)
class Concept(_Document):
    """One glossary entry, from ``concepts/<id>.yml``."""

    @property
    def term(self) -> Localized:
        return L(self.data.get("term"))

    @property
    def definition(self) -> Localized:
        return L(self.data.get("definition"))

    @property
    def schemes(self) -> list[str]:
        return self._list("schemes")

    def aliases(self, lang: str) -> list[str]:
        return list((self.data.get("aliases") or {}).get(lang) or [])

    def relation(self, name: str) -> list[str]:
        return self._list(name)
