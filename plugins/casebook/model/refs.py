"""Where a case names concepts, read from the declared model: every field whose type holds concept ids.

A facet value (a facet, a finding's categories, a public value) is a ``"facet"`` reference, any other concept a
``"mention"``. The data may be a file refused for its structure: only values of the expected kind are taken.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from ..base.yamlfile import PathKey
from .declaration import FieldSpec, Model

# type → [(key in each item, how)] for the list types whose items name concepts
_ITEM_KEYS: dict[str, tuple[tuple[str, str], ...]] = {
    "findings": (("categories", "facet"), ("concepts", "mention")),
    "values": (("concept", "facet"),),
    "arrangements": (("concepts", "mention"),),
}


@cache
def _concept_fields(model: Model) -> tuple[FieldSpec, ...]:
    return tuple(f for f in model.all_fields() if f.type in ("facet", "concepts", "tables", *_ITEM_KEYS))


def _at(data: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(data, Mapping):
            return None
        data = data.get(part)
    return data


def _ids(value: Any, path: PathKey, how: str) -> Iterator[tuple[PathKey, str, str]]:
    if isinstance(value, str):
        yield path, value, how
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str):
                yield (*path, i), item, how


def concept_refs(model: Model, data: Any) -> Iterator[tuple[PathKey, str, str]]:
    """Every concept reference of a case's data: (path, concept id, ``"facet"`` or ``"mention"``)."""
    for spec in _concept_fields(model):
        value = _at(data, spec.path)
        if value is None:
            continue
        if spec.type == "facet":
            if isinstance(value, str) or spec.multiple:
                yield from _ids(value, spec.path, "facet")
            continue
        if spec.type == "concepts":
            yield from _ids(value if isinstance(value, list) else None, spec.path, "mention")
            continue
        if not isinstance(value, list):
            continue
        for i, item in enumerate(value):
            if not isinstance(item, Mapping):
                continue
            if spec.type == "tables":
                rows = item.get("items")
                for j, row in enumerate(rows if isinstance(rows, list) else []):
                    if isinstance(row, Mapping) and isinstance(row.get("concept"), str):
                        yield (*spec.path, i, "items", j, "concept"), row["concept"], "mention"
                continue
            for key, how in _ITEM_KEYS[spec.type]:
                yield from _ids(item.get(key), (*spec.path, i, key), how)


def facet_values(model: Model, data: Any) -> dict[str, list[str]]:
    """The concept ids a case gives each vocabulary-bound path (what a scheme's ``facet:`` names), sorted and once
    for the list types (findings' categories), in the order given for facets."""
    out: dict[str, list[str]] = {}
    for spec in model.all_fields():
        if not spec.vocabulary:
            continue
        value = _at(data, spec.path)
        if spec.type == "facet":
            out[spec.constrained_path] = [value] if isinstance(value, str) and value else \
                [v for v in value or [] if isinstance(v, str)] if isinstance(value, list) else []
        elif spec.type == "findings":
            out[spec.constrained_path] = sorted({c for f in value or [] if isinstance(f, Mapping)
                                                 for c in f.get("categories") or [] if isinstance(c, str)})
        elif spec.type == "values":
            out[spec.constrained_path] = [v["concept"] for v in value or [] if isinstance(v, Mapping)
                                          and isinstance(v.get("concept"), str)]
    return out
