"""The field types a case model may declare: their options, and what a value of each type says as neutral items.

:func:`extract` is the hook the comparisons use: for any declared field, the concept ids its value is tagged with
and its entries (:class:`Item`), whatever its type, so that a column or a matrix over a new field needs no code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..base import dates
from ..base.i18n import Localized, site_languages

if TYPE_CHECKING:
    from .declaration import FieldSpec


@dataclass(frozen=True)
class FieldType:
    """A type: the options a field of it may give (name → kind: bool, int, number, str, localized, mapping), and
    whether its value is a list."""

    options: Mapping[str, str]
    is_list: bool = False


TYPES: dict[str, FieldType] = {
    "text": FieldType({"markdown": "bool"}),
    "texts": FieldType({"markdown": "bool", "numbered": "bool"}, True),
    "number": FieldType({"integer": "bool", "minimum": "number", "maximum": "number", "unit": "localized"}),
    "boolean": FieldType({}),
    "link": FieldType({}),
    "date": FieldType({}),
    "facet": FieldType({"vocabulary": "str", "multiple": "bool"}, True),
    "concepts": FieldType({}, True),
    "works": FieldType({"min_items": "int"}, True),
    "period": FieldType({}),
    "timeline": FieldType({}, True),
    "actors": FieldType({}, True),
    "data_sources": FieldType({}, True),
    "findings": FieldType({"vocabulary": "str"}, True),
    "arrangements": FieldType({}, True),
    "values": FieldType({"vocabulary": "str"}, True),
    "sections": FieldType({}, True),
    "tables": FieldType({}, True),
    "references": FieldType({}, True),
    "group": FieldType({"fields": "mapping"}),
    "items": FieldType({"fields": "mapping"}, True),  # entries whose subfields the declaration gives
}
# The types an entry of an ``items`` field may hold: one value each, shown in a table cell.
ITEM_TYPES = ("text", "texts", "number", "boolean", "link", "date", "period")

NO_TEXT = Localized("")


@dataclass(frozen=True)
class Item:
    """One thing a case says under a field, in its own words (the comparisons' ``Entry``, without their names)."""

    text: Localized = NO_TEXT
    head: Localized = NO_TEXT  # a name the case gives (an actor, a governance body, a value's category)
    tag: str = ""  # a UI string key (an actor's kind, a data source's kind)
    concepts: tuple[str, ...] = ()
    numbers: tuple[tuple[str, int], ...] = ()  # (UI string key, value): count, participants, organisations
    when: Localized = NO_TEXT  # a period or a date, worded
    emerging: bool = False


def _same(text: str) -> Localized:
    """A text that is the same in every language of the site (a key, a number)."""
    return Localized.from_data(dict.fromkeys(site_languages().codes, text))


def _loc(data: Any) -> Localized:
    return Localized.from_data(data)


def period_words(period: Mapping[str, Any], langs: tuple[str, ...] | None = None) -> Localized:
    """A period (or a dated event: ``date``/``end``) as the case words it (its label), or its dates, in ``langs``
    (the site's languages by default)."""
    out = []
    langs = langs or site_languages().codes
    for lang in langs:
        label = _loc(period.get("label")).get(lang) if period.get("label") else ""
        start, end = str(period.get("start") or period.get("date") or ""), str(period.get("end") or "")
        if label:
            out.append(label)
        elif start and end and start != end:
            out.append(f"{dates.fmt(start, lang)} – {dates.fmt(end, lang)}")
        else:
            out.append(dates.fmt(start or end, lang))
    return Localized.from_data(dict(zip(langs, out, strict=True)))


def _ids(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,) if value else ()
    return tuple(v for v in value or () if isinstance(v, str))


def _dicts(value: Any) -> list[Mapping[str, Any]]:
    return [v for v in value or () if isinstance(v, Mapping)] if isinstance(value, list) else []


def _scalar(value: Any, spec: FieldSpec) -> str:
    if isinstance(value, bool):
        return "✓" if value else "✗"
    unit = spec.option("unit") or {}
    return f"{value}" if not unit else str(value)


def extract(spec: FieldSpec, value: Any) -> tuple[tuple[str, ...], tuple[Item, ...]]:
    """(concept ids the value is tagged with, its entries) for a field of any type; ``((), ())`` when empty."""
    kind = spec.type
    if value is None or value == [] or value == {}:
        return (), ()
    if kind in ("facet", "concepts"):
        return _ids(value), ()
    if kind == "works":
        return (), tuple(Item(_same(k)) for k in _ids(value))
    if kind == "text":
        return (), (Item(_loc(value)),)
    if kind == "texts":
        return (), tuple(Item(_loc(v)) for v in value if isinstance(v, Mapping))
    if kind in ("number", "boolean", "link", "date"):
        if kind == "date":
            return (), (Item(Localized.from_data({lang: dates.fmt(str(value), lang) for lang in site_languages().codes})),)
        return (), (Item(_same(_scalar(value, spec))),)
    if kind == "period" and isinstance(value, Mapping):
        words = period_words(value)
        return (), ((Item(words),) if words.fr or words.en else ())
    if kind == "items":
        return (), tuple(Item(entry_words(spec, e)) for e in _dicts(value))
    if kind == "timeline":
        return (), tuple(Item(_loc(e.get("event")), when=period_words(e)) for e in _dicts(value))
    if kind == "actors":
        return (), tuple(Item(_loc(a.get("role")), head=_loc(a.get("name")), tag=f"kind_{a.get('kind')}")
                         for a in _dicts(value))
    if kind == "arrangements":
        return (), tuple(Item(_loc(g.get("description")), head=_loc(g.get("name")), concepts=_ids(g.get("concepts")))
                         for g in _dicts(value))
    if kind == "data_sources":
        return (), tuple(data_source_item(s) for s in _dicts(value))
    if kind == "findings":
        return (), tuple(Item(_loc(f.get("text")), concepts=_ids(f.get("categories"))) for f in _dicts(value))
    if kind == "values":
        return (), tuple(Item(_loc(v.get("text")), head=_loc(v.get("category")), concepts=_ids(v.get("concept")),
                              emerging=bool(v.get("emerging"))) for v in _dicts(value))
    if kind == "sections":
        return (), tuple(Item(_loc(s.get("body")), head=_loc(s.get("title"))) for s in _dicts(value))
    if kind == "tables":
        return (), tuple(Item(_loc(s.get("intro")), head=_loc(s.get("title"))) for s in _dicts(value))
    return (), ()


def data_source_item(source: Mapping[str, Any]) -> Item:
    numbers = tuple((k, int(source[k])) for k in ("count", "participants", "organisations") if source.get(k) is not None)
    when = period_words(source["period"]) if isinstance(source.get("period"), Mapping) else NO_TEXT
    return Item(_loc(source.get("note")), tag=f"ds_{source.get('kind', 'other')}", numbers=numbers, when=when)


def entry_words(spec: FieldSpec, entry: Mapping[str, Any]) -> Localized:
    """One entry of an ``items`` field in a line, in each of the site's languages: its values in the order of the
    declared subfields, separated by " · ", a number or a yes/no after its part's label ("Members who came: 21")."""
    out: dict[str, str] = {}
    for lang in site_languages().codes:
        words = []
        for sub in spec.item_fields:
            word = value_words(sub, entry.get(sub.name), lang)
            if word and sub.type in ("number", "boolean"):
                word = f"{sub.label(lang)}: {word}"
            if word:
                words.append(word)
        out[lang] = " · ".join(words)
    return Localized.from_data(out)


def value_words(spec: FieldSpec, value: Any, lang: str, *, fallback: bool = True) -> str:
    """A value of one of the :data:`ITEM_TYPES` as a plain text in ``lang`` ("" when there is none). A text not yet
    given in ``lang`` is shown in the site's first language that has it, unless ``fallback`` is false."""
    if value is None or value == "" or value == []:
        return ""
    if spec.type in ("text", "texts"):
        texts = [_loc(v) for v in (value if spec.type == "texts" else [value]) if isinstance(v, Mapping)]
        return "; ".join(t.best(lang) if fallback else t.get(lang) for t in texts)
    if spec.type == "date":
        return dates.fmt(str(value), lang)
    if spec.type == "period" and isinstance(value, Mapping):
        return period_words(value).get(lang)
    if spec.type == "boolean":
        return "✓" if value else "✗"
    return str(value)
