"""Validate loaded YAML against Casebook's JSON Schemas and turn errors into located diagnostics.

The schemas in ``casebook/schemas/`` are the single source of truth: the same files are
published in the site for editors (``# yaml-language-server: $schema=…``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import yaml
from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError

from ..base.diagnostics import Diagnostic, close_matches, describe_value, did_you_mean
from ..base.i18n import SHIPPED, site_languages
from ..base.yamlfile import YamlDocument
from .caseschema import case_schema, case_schema_text
from .declaration import Model, default_model
from .fastschema import Check, compile_check

SCHEMA_NAMES = ("case", "concept", "directive")


@cache
def schema_text(name: str) -> str:
    return resources.files("casebook").joinpath("schemas", f"{name}.schema.json").read_text(encoding="utf-8")


@cache
def _ecma(pattern: str) -> str:
    # In JSON Schema (ECMA 262) "$" ends the text; Python's "$" also matches before a final newline,
    # which let "education\n" or "2017\n" pass "^…$" patterns.
    return re.sub(r"(?<!\\)\$", r"(?!\\n)$", pattern)


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not re.search(_ecma(pattern), instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = validators.extend(Draft202012Validator, {"pattern": _pattern})


def validator(name: str) -> Draft202012Validator:
    if name == "case":
        return case_validator(default_model())
    return _validator(name, site_languages().codes)


@cache
def _validator(name: str, langs: tuple[str, ...]) -> Draft202012Validator:
    schema = localize_schema(json.loads(schema_text(name)), langs)
    Draft202012Validator.check_schema(schema)
    return _Validator(schema)  # type: ignore[no-any-return]


def case_validator(model: Model) -> Draft202012Validator:
    """The validator of the case schema generated from ``model``, its texts in the site's languages."""
    return _case_validator(model, site_languages().codes)


@cache
def _case_validator(model: Model, langs: tuple[str, ...]) -> Draft202012Validator:
    schema = localize_schema(case_schema(model), langs)
    Draft202012Validator.check_schema(schema)
    return _Validator(schema)  # type: ignore[no-any-return]


def localize_schema(schema: Any, langs: tuple[str, ...]) -> Any:
    """The schema with every text in French and English (an object whose properties are ``fr`` and ``en``) made a
    text in the site's languages: the first one as ``fr`` was (required), every other as ``en`` was (a translation
    pending when missing). Unchanged for a French and English site."""
    if langs == SHIPPED:
        return schema
    if isinstance(schema, list):
        return [localize_schema(item, langs) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: localize_schema(value, langs) for key, value in schema.items()}
    props = out.get("properties")
    if isinstance(props, dict) and set(props) == {"fr", "en"}:
        def slot(lang: str, model: str) -> Any:
            prop = dict(props[lang] if lang in props else props[model])
            if lang not in SHIPPED and isinstance(prop.get("description"), str):
                prop["description"] = f"Le texte en « {lang} ».\n\nThe text in '{lang}'."
            return prop

        out["properties"] = {lang: slot(lang, "fr" if i == 0 else "en") for i, lang in enumerate(langs)}
        required = out.get("required")
        if isinstance(required, list):
            out["required"] = [lang for i, lang in enumerate(langs) if ("fr" if i == 0 else "en") in required]
        examples = out.get("examples")
        if isinstance(examples, list):
            out["examples"] = [{lang: ex.get(lang, ex.get("fr" if i == 0 else "en")) for i, lang in enumerate(langs)}
                               if isinstance(ex, dict) else ex for ex in examples]
    return out


_TYPE_NAMES = {
    "string": "a text", "integer": "a whole number", "object": "a mapping (key: value)",
    "array": "a list", "boolean": "true or false", "number": "a number",
}


def _message(err: ValidationError) -> str:
    v, inst = err.validator, err.instance
    if v == "type":
        want = err.validator_value
        names = " or ".join(_TYPE_NAMES.get(str(w), str(w)) for w in (want if isinstance(want, list) else [want]))
        hint = ""
        if want == "string" and isinstance(inst, int):
            hint = " (put quotes around it)"
        return f"expected {names}, got {describe_value(inst)}{hint}"
    if v == "required":
        return str(err.message).replace("is a required property", "is required")
    if v == "pattern":
        if "[0-9]{4}" in str(err.validator_value):
            return f"bad date {describe_value(inst)}: write YYYY, YYYY-MM or YYYY-MM-DD"
        if "{2,3}(-" in str(err.validator_value):  # a work's language (BCP 47, as CSL writes it)
            return f"bad language code {describe_value(inst)}: write a code in lower case, such as fr, en, es or fr-CA"
        if "a-z0-9" in str(err.validator_value):
            return f"bad id {describe_value(inst)}: use lowercase letters, digits and hyphens"
        if "https?" in str(err.validator_value):
            return f"bad address {describe_value(inst)}: write a whole address, https://…"
        return f"{describe_value(inst)} does not match the expected form"
    if v == "enum":
        values: Any = err.validator_value
        return f"{describe_value(inst)} is not one of: {', '.join(map(str, values))}"
    if v == "minLength":
        return "must not be empty"
    if v == "maxLength":
        return f"too long (at most {err.validator_value} characters)"
    if v == "minItems":
        return f"needs at least {err.validator_value} item(s)"
    if v == "uniqueItems":
        return "has the same item twice"
    if v == "minimum":
        return f"must be at least {err.validator_value}, got {describe_value(inst)}"
    return str(err.message)


def _schema_of(err: ValidationError) -> dict[str, Any]:
    schema: Any = err.schema
    return schema if isinstance(schema, dict) else {}


def _leaves(err: ValidationError) -> list[ValidationError]:
    # allOf/anyOf wrap the real errors; report those.
    if err.context:
        out: list[ValidationError] = []
        for sub in err.context:
            out.extend(_leaves(sub))
        return out
    return [err]


def _fast_check(name: str) -> Check:
    return _fast_check_for(name, site_languages().codes)


@cache
def _fast_check_for(name: str, langs: tuple[str, ...]) -> Check:
    v = _validator(name, langs)
    return compile_check(dict(v.schema), v)  # type: ignore[arg-type]


def _fast_case_check(model: Model) -> Check:
    return _fast_case_check_for(model, site_languages().codes)


@cache
def _fast_case_check_for(model: Model, langs: tuple[str, ...]) -> Check:
    v = _case_validator(model, langs)
    return compile_check(dict(v.schema), v)  # type: ignore[arg-type]


def validate(doc: YamlDocument, name: str, model: Model | None = None) -> list[Diagnostic]:
    """All schema errors of ``doc``, each pointing at its line. A case is checked against the schema of ``model``
    (the site's declared model; the packaged default without one)."""
    if name == "case":
        model = model or default_model()
        check, full = _fast_case_check(model), case_validator(model)
    else:
        check, full = _fast_check(name), validator(name)
    if check(doc.data):  # valid: no message to make, jsonschema is not needed
        return []
    out: list[Diagnostic] = []
    leaves = [leaf for err in full.iter_errors(doc.data) for leaf in _leaves(err)]
    # A misspelt field is both an unknown key and, when required, a missing one: one error, at the misspelt key.
    misspelt: dict[tuple[Any, ...], dict[str, str]] = {}  # instance path -> {missing field: the unknown key like it}
    for leaf in leaves:
        if leaf.validator == "additionalProperties" and isinstance(leaf.instance, dict):
            allowed = set(_schema_of(leaf).get("properties", {}))
            for extra in sorted(set(leaf.instance) - allowed):
                for candidate in close_matches(extra, allowed - set(leaf.instance)):
                    misspelt.setdefault(tuple(leaf.absolute_path), {}).setdefault(candidate, extra)
    for leaf in leaves:
        path = tuple(leaf.absolute_path)
        if leaf.validator == "additionalProperties" and isinstance(leaf.instance, dict):
            properties = _schema_of(leaf).get("properties", {})
            allowed = set(properties)
            required = set(_schema_of(leaf).get("required", []))
            for extra in sorted(set(leaf.instance) - allowed):
                near = close_matches(extra, allowed)
                also = [n for n in near if misspelt.get(path, {}).get(n) == extra and n in required]
                message = f"unknown key '{extra}'" + did_you_mean(near) + (f" ('{also[0]}' is required)" if also else "")
                out.append(doc.diag((*path, extra), message, key=True,
                                    hint=f"the fields allowed here: {', '.join(sorted(allowed))}"))
            continue
        if leaf.validator == "required" and isinstance(leaf.instance, dict):
            missing = [n for n in leaf.validator_value if n not in leaf.instance]  # type: ignore[union-attr]
            langs = site_languages()
            if missing and set(missing) <= set(langs.others) and langs.default in leaf.instance:
                continue  # a translation pending: text_checks reports it (a warning, an error in strict builds)
            for field in missing:
                if field in misspelt.get(path, {}):
                    continue  # reported at the misspelt key
                out.append(doc.diag(path, f"'{field}' is required", hint=_add_hint(field, _schema_of(leaf))))
            continue
        if leaf.validator == "minLength" and path[-1:] and path[-1] in site_languages().others and leaf.instance == "":
            continue  # an empty English text: a translation pending, as above
        out.append(doc.diag(path, _message(leaf)))
    return out


def _add_hint(field: str, schema: dict[str, Any]) -> str:
    """What to write for a missing field: its example from the schema, in YAML."""
    prop = schema.get("properties", {}).get(field, {})
    examples = prop.get("examples") if isinstance(prop, dict) else None
    if not examples:
        return f"add the field '{field}'"
    written = yaml.safe_dump({field: examples[0]}, default_flow_style=None, allow_unicode=True, width=1000).strip()
    return f"add the field '{field}', e.g. {written}"


def published_schema(name: str, concepts: dict[str, list[str]], facets: dict[str, str],
                     model: Model | None = None) -> str:
    """The schema the site publishes for editors: the packaged one, with the site's concept ids as ``enum`` so that an
    editor completes them. ``concepts`` maps each concept id to its schemes; ``facets`` maps a case field
    (``collaboration.types``) to the scheme its values come from. Each facet field lists its scheme's ids, every
    other concept field all the site's ids."""
    schema = localize_schema(json.loads(case_schema_text(model or default_model()) if name == "case"
                                        else schema_text(name)), site_languages().codes)
    ids = sorted(concepts)
    defs = schema.get("$defs", {})
    if not ids:
        return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    if name == "case" and "conceptId" in defs:
        defs["conceptId"]["enum"] = ids
    elif name == "concept" and "conceptList" in defs:
        defs["conceptList"]["items"] = {"$ref": "#/$defs/slug", "enum": ids}
    if name == "case":
        for field, scheme in sorted(facets.items()):
            allowed = sorted(c for c, schemes in concepts.items() if scheme in schemes)
            slot = _slot(schema, field.split("."))
            if slot is None or not allowed:
                continue
            if slot.get("$ref") == "#/$defs/conceptList" or slot.get("type") == "array":
                slot["items"] = {"$ref": "#/$defs/conceptId", "enum": allowed}
            else:
                slot["enum"] = allowed
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def _slot(schema: dict[str, Any], parts: list[str]) -> dict[str, Any] | None:
    """The property schema at a dotted case field, through lists and ``$ref`` (a shared definition on the way is copied
    in place, so that narrowing one field leaves the others as they are)."""
    node: dict[str, Any] = schema
    for part in parts:
        node = _inline(schema, node)
        if node.get("type") == "array" and isinstance(node.get("items"), dict):
            node["items"] = _inline(schema, node["items"])
            node = node["items"]
        props = node.get("properties")
        if not isinstance(props, dict) or part not in props:
            return None
        props[part] = _inline(schema, props[part]) if part != parts[-1] else props[part]
        node = props[part]
    return node


def _inline(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """``node`` with a local ``$ref`` to an object or list definition replaced by a copy of it (siblings kept)."""
    ref = node.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/$defs/"):
        return node
    target = schema["$defs"][ref.removeprefix("#/$defs/")]
    if target.get("type") not in ("object", "array"):
        return node
    merged = json.loads(json.dumps(target))
    merged.update({k: v for k, v in node.items() if k != "$ref"})
    node.clear()
    node.update(merged)
    return node
