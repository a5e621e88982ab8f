"""A fast yes/no JSON Schema check, compiled once per schema, in front of ``jsonschema``.

``jsonschema`` walks the schema for every value of every file (resolving each ``$ref`` anew), which
costs more than reading the file. Nearly every file is valid, and for a valid file no message is
needed, so :func:`compile_check` turns a schema into plain Python closures that only answer
"valid?". It is never more lenient than ``jsonschema``: where it could differ it says "no", and
:func:`casebook.model.schema.validate` then runs ``jsonschema``, whose errors stay the only source of
messages. Keywords it does not know are checked by calling ``jsonschema``'s own function.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

# Keywords that only annotate: nothing to check.
_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "definitions", "$comment", "title", "description", "default",
                          "examples", "deprecated", "readOnly", "writeOnly", "$anchor", "$vocabulary", "format"})


def _is_int(x: Any) -> bool:  # stricter than jsonschema (which also takes 3.0): never more lenient
    return isinstance(x, int) and not isinstance(x, bool)


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


_TYPES: dict[str, Check] = {
    "string": lambda x: isinstance(x, str),
    "object": lambda x: isinstance(x, dict),
    "array": lambda x: isinstance(x, list),
    "boolean": lambda x: isinstance(x, bool),
    "integer": _is_int,
    "number": _is_number,
    "null": lambda x: x is None,
}


def _always(x: Any) -> bool:
    return True


def _never(x: Any) -> bool:
    return False


class _Compiler:
    def __init__(self, root: dict[str, Any], validator: Any) -> None:
        self.root = root
        self.validator = validator
        self.keywords: dict[str, Any] = dict(getattr(validator, "VALIDATORS", {}))
        self.refs: dict[str, Check] = {}

    def ref(self, ref: str) -> Check:
        if ref in self.refs:
            return self.refs[ref]
        if not ref.startswith("#"):
            return self.generic("$ref", ref, {"$ref": ref})
        cell: list[Check] = []
        self.refs[ref] = lambda x: cell[0](x)  # recursive schemas see the cell until it is filled
        target: Any = self.root
        for part in [p for p in ref[1:].split("/") if p]:
            part = part.replace("~1", "/").replace("~0", "~")
            target = target[int(part)] if isinstance(target, list) else target[part]
        cell.append(self.compile(target))
        self.refs[ref] = cell[0]
        return cell[0]

    def generic(self, keyword: str, value: Any, schema: dict[str, Any]) -> Check:
        """A keyword checked by jsonschema's own function (no fast version here)."""
        fn = self.keywords.get(keyword)
        if fn is None:
            return _always if keyword in _ANNOTATIONS or keyword.startswith("x-") else _never
        validator = self.validator

        def check(x: Any) -> bool:
            return next(iter(fn(validator, value, x, schema) or ()), None) is None

        return check

    def compile(self, schema: Any) -> Check:
        if schema is True:
            return _always
        if schema is False or not isinstance(schema, dict):
            return _never
        checks: list[Check] = []
        for keyword, value in schema.items():
            if keyword not in _ANNOTATIONS:
                checks.append(self.keyword(keyword, value, schema))
        return _all(checks)

    def keyword(self, keyword: str, value: Any, schema: dict[str, Any]) -> Check:
        if keyword == "$ref" and isinstance(value, str):
            return self.ref(value)
        if keyword == "type":
            names = value if isinstance(value, list) else [value]
            if all(n in _TYPES for n in names):
                return _any([_TYPES[n] for n in names])
        elif keyword == "properties" and isinstance(value, dict):
            return _properties({k: self.compile(v) for k, v in value.items()})
        elif keyword == "additionalProperties" and "patternProperties" not in schema:
            return _additional(frozenset(schema.get("properties") or ()), self.compile(value))
        elif keyword == "required" and isinstance(value, list):
            return _required(list(value))
        elif keyword == "items" and isinstance(value, (dict, bool)):
            return _items(self.compile(value))
        elif keyword == "enum" and isinstance(value, list) and all(isinstance(v, str) for v in value):
            return _enum(frozenset(value))
        elif keyword in _SIZES and _is_int(value):
            return _SIZES[keyword](value)
        elif keyword == "uniqueItems" and isinstance(value, bool):
            return _unique_strings if value else _always
        elif keyword in _BOUNDS and _is_number(value):
            return _BOUNDS[keyword](value)
        elif keyword in {"anyOf", "allOf", "oneOf"} and isinstance(value, list):
            subs = [self.compile(s) for s in value]
            return _any(subs) if keyword == "anyOf" else _all(subs) if keyword == "allOf" else _one(subs)
        return self.generic(keyword, value, schema)


def _all(checks: list[Check]) -> Check:
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]
    every = tuple(checks)

    def check(x: Any) -> bool:
        for c in every:
            if not c(x):
                return False
        return True

    return check


def _any(checks: list[Check]) -> Check:
    if len(checks) == 1:
        return checks[0]
    some = tuple(checks)

    def check(x: Any) -> bool:
        return any(c(x) for c in some)

    return check


def _one(checks: list[Check]) -> Check:
    def check(x: Any) -> bool:
        return sum(1 for c in checks if c(x)) == 1

    return check


def _properties(props: dict[str, Check]) -> Check:
    def check(x: Any) -> bool:
        if isinstance(x, dict):
            for k, v in x.items():
                test = props.get(k)
                if test is not None and not test(v):
                    return False
        return True

    return check


def _additional(allowed: frozenset[str], extra: Check) -> Check:
    def check(x: Any) -> bool:
        return not isinstance(x, dict) or all(extra(v) for k, v in x.items() if k not in allowed)

    return check


def _required(names: list[str]) -> Check:
    def check(x: Any) -> bool:
        return not isinstance(x, dict) or all(n in x for n in names)

    return check


def _items(item: Check) -> Check:
    def check(x: Any) -> bool:
        return not isinstance(x, list) or all(item(v) for v in x)

    return check


def _enum(values: frozenset[str]) -> Check:
    def check(x: Any) -> bool:  # strings only: jsonschema's equality tells 1 from true, Python's does not
        return isinstance(x, str) and x in values

    return check


def _unique_strings(x: Any) -> bool:
    # Strings only: for anything else "no", and jsonschema decides.
    return not isinstance(x, list) or (all(isinstance(v, str) for v in x) and len(set(x)) == len(x))


def _size(kind: type[str] | type[list[Any]], at_least: bool) -> Callable[[int], Check]:
    def make(n: int) -> Check:
        def check(x: Any) -> bool:
            return not isinstance(x, kind) or (len(x) >= n if at_least else len(x) <= n)

        return check

    return make


def _bound(at_least: bool) -> Callable[[float], Check]:
    def make(n: float) -> Check:
        def check(x: Any) -> bool:
            return not _is_number(x) or (x >= n if at_least else x <= n)

        return check

    return make


_SIZES = {"minLength": _size(str, True), "maxLength": _size(str, False),
          "minItems": _size(list, True), "maxItems": _size(list, False)}
_BOUNDS = {"minimum": _bound(True), "maximum": _bound(False)}


def compile_check(schema: dict[str, Any], validator: Any) -> Check:
    """A function telling whether an instance is valid; ``False`` may also mean "ask jsonschema".

    ``validator`` is the ``jsonschema`` validator of ``schema``: the keywords this module has no fast
    version of (``pattern``, ``const``, ``not``…) are checked by its own functions.
    """
    return _Compiler(schema, validator).compile(schema)
