"""The case JSON Schema, generated from a site's declared model.

Editors (``# yaml-language-server: $schema=…``) and ``casebook validate`` use it; so does every build. The shapes of
the field types' items come from ``types.schema.json``; the properties, their order, whether they are required,
their descriptions (the help texts, one paragraph per language) and examples come from the declaration.
``python -m casebook.model.caseschema`` prints the default model's schema, the packaged ``schemas/case.schema.json``
(a test keeps the two equal).
"""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from typing import Any

from .declaration import FieldSpec, Model, default_model

SCHEMA_ID = "https://casebook.example.org/schema/case.schema.json"
_LIST_ITEMS = {"timeline": "event", "actors": "actor", "data_sources": "dataSource", "findings": "finding",
               "arrangements": "namedItem", "tables": "structure", "references": "cslItem"}
_LINK = r"^https?://[^\s<>\"]+$"


@cache
def _types() -> dict[str, Any]:
    text = resources.files("casebook").joinpath("model", "types.schema.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def _description(texts: Any, languages: tuple[str, ...]) -> str:
    return "\n\n".join(texts[lang] for lang in languages if texts.get(lang))


def _fragment(spec: FieldSpec, model: Model) -> dict[str, Any]:
    kind = spec.type
    out: dict[str, Any]
    if kind == "text":
        out = {"$ref": "#/$defs/localized"}
    elif kind == "texts":
        out = {"type": "array", "items": {"$ref": "#/$defs/localized"}}
    elif kind == "facet":
        out = {"$ref": "#/$defs/conceptList" if spec.multiple else "#/$defs/conceptId"}
    elif kind == "concepts":
        out = {"$ref": "#/$defs/conceptList"}
    elif kind == "works":
        n = spec.option("min_items", 0)
        out = {"allOf": [{"$ref": "#/$defs/workList"}, {"minItems": n}]} if n else {"$ref": "#/$defs/workList"}
    elif kind == "period":
        out = {"$ref": "#/$defs/period"}
    elif kind == "date":
        out = {"$ref": "#/$defs/date"}
    elif kind == "number":
        out = {"type": "integer" if spec.option("integer") else "number"}
        for bound in ("minimum", "maximum"):
            if spec.option(bound) is not None:
                out[bound] = spec.option(bound)
    elif kind == "boolean":
        out = {"type": "boolean"}
    elif kind == "link":
        out = {"type": "string", "pattern": _LINK, "maxLength": 2000}
    elif kind in _LIST_ITEMS:
        out = {"type": "array", "items": {"$ref": f"#/$defs/{_LIST_ITEMS[kind]}"}}
    elif kind in ("values", "sections"):
        out = {"type": "array", "items": copy.deepcopy(_types()["inline"][kind])}
    elif kind in ("group", "items"):
        subs = spec.fields if kind == "group" else spec.item_fields
        obj: dict[str, Any] = {"type": "object", "additionalProperties": False}
        required = [f.name for f in subs if f.required]
        if required:
            obj["required"] = required
        obj["properties"] = {f.name: _fragment(f, model) for f in subs}
        out = obj if kind == "group" else {"type": "array", "items": obj}
    else:  # pragma: no cover - the declaration refuses an unknown type
        out = {}
    if spec.help:
        out["description"] = _description(spec.help, model.languages)
        if "items" in out and len(spec.path) == 1:  # the order of the hand-written schema this one replaced
            out["items"] = out.pop("items")
    if spec.example is not None:
        out["examples"] = [spec.example]
    return out


@cache
def case_schema(model: Model) -> dict[str, Any]:
    """The case schema of ``model`` (do not change the result: it is shared)."""
    defs = copy.deepcopy(_types()["$defs"])
    # the text objects stay {fr, en} here: model.schema.localize_schema makes them the site's languages
    parts = list(model.parts)
    if parts:
        defs["part"]["enum"] = parts
    else:
        defs["part"] = {"type": "string", "description": defs["part"]["description"]}
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": model.title,
    }
    if model.help:
        schema["description"] = _description(model.help, model.languages)
    schema["type"] = "object"
    schema["additionalProperties"] = False
    schema["required"] = [f.name for f in model.fields if f.required]
    schema["properties"] = {f.name: _fragment(f, model) for f in model.fields}
    schema["$defs"] = defs
    return schema


@cache
def case_schema_text(model: Model) -> str:
    return json.dumps(case_schema(model), ensure_ascii=False, indent=2) + "\n"


def main() -> None:
    print(case_schema_text(default_model()), end="")


if __name__ == "__main__":
    main()
