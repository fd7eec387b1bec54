"""JSON Schema (draft 2019-09) validators compiled to closures, without jsonschema.

:func:`compile_schema` turns one JSON Schema document into a :class:`CompiledSchema` with
two entry points: ``is_valid(instance)`` (a fast boolean walk) and
``iter_errors(instance)`` (errors shaped like jsonschema's ``ValidationError``:
``validator``, ``validator_value``, ``instance``, ``schema``, ``message``, ``path``,
``absolute_path``, ``absolute_schema_path``, ``context``, ``parent``).  The errors follow
jsonschema 4's algorithm step by step (keyword order, ``descend`` paths, ``$ref`` and
``if`` not recorded in schema paths, ``anyOf``/``oneOf`` context, the same messages), and
:func:`best_match` is jsonschema's heuristic, so ``schema.py`` derives the same
``SchemaIssue`` list from either engine.  One known difference: for an object-valued
``additionalProperties`` jsonschema visits the extra properties in ``set`` order (it
varies with ``PYTHONHASHSEED``); here they come in document order.  Same issues, and the
same order whenever at most one extra property fails.

Supported: the keywords in :data:`SUPPORTED`; ``$ref`` only as a JSON pointer into the
same document (``#/$defs/Name``); ``format`` is an annotation, as in jsonschema without a
format checker.  Keywords that draft 2019-09 does not evaluate (``description``,
``$comment``, ``title``, ``examples``...) are ignored, as jsonschema ignores them.  Any
other evaluated keyword (``$recursiveRef``, ``multipleOf``, ``uniqueItems``,
``unevaluated*``), a ``$ref`` to another document or an anchor, a nested ``$id`` or
``$schema``, an unknown ``type`` name or a pattern Python's ``re`` cannot compile makes
:func:`compile_schema` raise :class:`~openbadge_kit.errors.InvalidInputError` with code
``schema_unsupported``: the caller then uses jsonschema.

Schemas are compiled lazily: a subschema becomes closures the first time an instance
reaches it, so a cold process pays only for the parts of a schema a document uses (see
``check`` in :func:`compile_schema`).
Patterns use ``re.search``, like jsonschema; each is compiled once per process.
"""

# Explicit loops instead of all()/any() over generators: this is the hot path.
# ruff: noqa: SIM110

from __future__ import annotations

import heapq
import numbers
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import unquote

from .errors import InvalidInputError

__all__ = ["SUPPORTED", "CompiledError", "CompiledSchema", "best_match", "branch_types",
           "compile_schema", "types_disjoint"]

#: the ``$schema`` values accepted (the draft whose semantics are implemented here)
DRAFTS = frozenset({"https://json-schema.org/draft/2019-09/schema",
                    "https://json-schema.org/draft/2019-09/schema#"})

#: every keyword jsonschema's Draft201909Validator evaluates
EVALUATED = frozenset({
    "$recursiveRef", "$ref", "additionalItems", "additionalProperties", "allOf", "anyOf",
    "const", "contains", "dependentRequired", "dependentSchemas", "enum", "exclusiveMaximum",
    "exclusiveMinimum", "format", "if", "items", "maxItems", "maxLength", "maxProperties",
    "maximum", "minItems", "minLength", "minProperties", "minimum", "multipleOf", "not",
    "oneOf", "pattern", "patternProperties", "properties", "propertyNames", "required",
    "type", "unevaluatedItems", "unevaluatedProperties", "uniqueItems",
})
#: the evaluated keywords compiled here (``format``: annotation only, never asserted)
SUPPORTED = EVALUATED - {"$recursiveRef", "multipleOf", "uniqueItems", "unevaluatedItems",
                         "unevaluatedProperties"}
#: keywords whose value is a map of names to subschemas
_SCHEMA_MAPS = ("properties", "patternProperties", "dependentSchemas", "$defs", "definitions")
#: keywords whose value is one subschema
_SCHEMA_VALUES = ("additionalProperties", "propertyNames", "additionalItems", "contains",
                  "not", "if", "then", "else", "unevaluatedItems", "unevaluatedProperties")
#: keywords whose value is a list of subschemas
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")

_WEAK = frozenset({"anyOf", "oneOf"})
_UNSET: Any = object()


def _unsupported(message: str) -> InvalidInputError:
    return InvalidInputError(message, code="schema_unsupported")


# --- JSON types and equality, as jsonschema's draft 2019-09 type checker sees them -----------


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


_TYPE_CHECKS: dict[str, Callable[[Any], bool]] = {
    "array": lambda value: isinstance(value, list),
    "boolean": lambda value: isinstance(value, bool),
    "integer": _is_integer,
    "null": lambda value: value is None,
    "number": _is_number,
    "object": lambda value: isinstance(value, dict),
    "string": lambda value: isinstance(value, str),
}


def equal(one: Any, two: Any) -> bool:
    """JSON equality as jsonschema's ``enum``/``const`` apply it (``True`` is not ``1``)."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(equal(a, b) for a, b in zip(one, two, strict=False))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return len(one) == len(two) and all(
            key in two and equal(value, two[key]) for key, value in one.items())
    if isinstance(one, bool) or isinstance(two, bool):
        return isinstance(one, bool) and isinstance(two, bool) and one == two
    return bool(one == two)


@lru_cache(maxsize=1024)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _pattern(value: Any) -> re.Pattern[str]:
    if not isinstance(value, str):
        raise _unsupported(f"pattern {value!r} is not a string")
    try:
        return _regex(value)
    except re.error as exc:
        raise _unsupported(f"pattern {value!r} is not a Python regular expression: {exc}"
                           ) from None


def _extras_msg(extras: Sequence[Any]) -> tuple[str, str]:
    return ", ".join(repr(extra) for extra in extras), "was" if len(extras) == 1 else "were"


# --- errors ----------------------------------------------------------------------------------


class CompiledError:
    """One failed rule, with the fields of jsonschema's ``ValidationError`` schema.py reads.

    The message is built on first access (it quotes the instance, which can be large).
    """

    __slots__ = ("_text", "context", "instance", "parent", "relative_path",
                 "relative_schema_path", "schema", "validator", "validator_value")

    def __init__(self, text: str | Callable[[], str], *, validator: Any = _UNSET,
                 validator_value: Any = _UNSET, instance: Any = _UNSET, schema: Any = _UNSET,
                 context: Sequence[CompiledError] = ()) -> None:
        self._text = text
        self.validator = validator
        self.validator_value = validator_value
        self.instance = instance
        self.schema = schema
        self.relative_path: deque[str | int] = deque()
        self.relative_schema_path: deque[str | int] = deque()
        self.context = list(context)
        self.parent: CompiledError | None = None
        for child in self.context:
            child.parent = self

    @property
    def message(self) -> str:
        """jsonschema's message for this error."""
        if not isinstance(self._text, str):
            self._text = self._text()
        return self._text

    @property
    def path(self) -> deque[str | int]:
        """Where the instance sits, relative to the parent error's instance."""
        return self.relative_path

    @property
    def absolute_path(self) -> deque[str | int]:
        """Where the instance sits in the validated document."""
        path = deque(self.relative_path)
        if self.parent is not None:
            path.extendleft(reversed(self.parent.absolute_path))
        return path

    @property
    def absolute_schema_path(self) -> deque[str | int]:
        """Where the failed keyword sits in the schema."""
        path = deque(self.relative_schema_path)
        if self.parent is not None:
            path.extendleft(reversed(self.parent.absolute_schema_path))
        return path

    def _fill(self, validator: str, value: Any, instance: Any, schema: Any) -> None:
        if self.validator is _UNSET:
            self.validator = validator
        if self.validator_value is _UNSET:
            self.validator_value = value
        if self.instance is _UNSET:
            self.instance = instance
        if self.schema is _UNSET:
            self.schema = schema

    def matches_type(self) -> bool:
        """Whether the instance has a type its schema's ``type`` keyword names."""
        try:
            expected = self.schema["type"]
        except (KeyError, TypeError, IndexError):
            return False
        names = [expected] if isinstance(expected, str) else expected
        return any(_TYPE_CHECKS[name](self.instance) for name in names)

    def __repr__(self) -> str:
        return f"<CompiledError {self.validator}: {self.message[:80]!r}>"


def _relevance(error: CompiledError) -> tuple[Any, ...]:
    return (-len(error.path), error.path, error.validator not in _WEAK, False,
            not error.matches_type())


def best_match(error: CompiledError) -> CompiledError:
    """jsonschema's ``best_match([error])``: descend ``anyOf``/``oneOf`` context to the cause."""
    best = error
    while best.context:
        smallest = heapq.nsmallest(2, best.context, key=_relevance)
        if len(smallest) == 2 and _relevance(smallest[0]) == _relevance(smallest[1]):
            return best
        best = smallest[0]
    return best


# --- which oneOfs are anyOfs (type-disjoint branches) --------------------------------------

_TYPE_OF_CONST = {str: "string", bool: "boolean", int: "number", float: "number"}


def branch_types(branch: Any, defs: dict[str, Any], seen: frozenset[str]
                 ) -> frozenset[str] | None:
    """The JSON types a subschema can accept, when that is evident (else ``None``)."""
    if not isinstance(branch, dict):
        return None
    ref = branch.get("$ref")
    if isinstance(ref, str):
        name = ref.removeprefix("#/$defs/")
        if ref.startswith("#/$defs/") and name in defs and name not in seen:
            return branch_types(defs[name], defs, seen | {name})
        return None
    declared = branch.get("type")
    if isinstance(declared, str):
        return frozenset({"number" if declared == "integer" else declared})
    if isinstance(declared, list) and all(isinstance(t, str) for t in declared):
        return frozenset("number" if t == "integer" else t for t in declared)
    for key in ("oneOf", "anyOf"):
        if isinstance(branch.get(key), list):
            parts = [branch_types(b, defs, seen) for b in branch[key]]
            if parts and all(p is not None for p in parts):
                return frozenset().union(*(p for p in parts if p is not None))
    if isinstance(branch.get("allOf"), list):
        for sub in branch["allOf"]:
            found = branch_types(sub, defs, seen)
            if found is not None:
                return found  # allOf: the instance must satisfy this one too
    values = branch.get("enum")
    if isinstance(values, list) and values and all(type(v) in _TYPE_OF_CONST for v in values):
        return frozenset(_TYPE_OF_CONST[type(v)] for v in values)
    return None


def types_disjoint(parts: list[frozenset[str] | None]) -> bool:
    """Whether every part is known and no JSON type is in two of them."""
    known = [p for p in parts if p is not None]
    if len(known) != len(parts):
        return False
    union: set[str] = set()
    for part in known:
        if union & part:
            return False
        union |= part
    return True


# --- compiling -------------------------------------------------------------------------------

Valid = Callable[[Any], bool]
Errors = Callable[[Any], Iterator[CompiledError]]


def _no_errors(instance: Any) -> Iterator[CompiledError]:
    return iter(())


def _always(instance: Any) -> bool:
    return True


def _never(instance: Any) -> bool:
    return False


class _Node:
    """One subschema; compiled into ``valid`` and ``errors`` on first use."""

    __slots__ = ("_compiler", "errors", "schema", "valid")

    def __init__(self, compiler: _Compiler, schema: Any) -> None:
        self._compiler = compiler
        self.schema = schema
        self.valid: Valid = self._first_valid
        self.errors: Errors = self._first_errors

    def _build(self) -> None:
        self.valid, self.errors = self._compiler.build(self.schema)

    def _first_valid(self, instance: Any) -> bool:
        self._build()
        return self.valid(instance)

    def _first_errors(self, instance: Any) -> Iterator[CompiledError]:
        self._build()
        return self.errors(instance)


def _descend(node: _Node, instance: Any, path: str | int | None = None,
             schema_path: str | int | None = None) -> Iterator[CompiledError]:
    if node.schema is False:  # jsonschema's descend returns this error without the steps
        yield from node.errors(instance)
        return
    for error in node.errors(instance):
        if path is not None:
            error.relative_path.appendleft(path)
        if schema_path is not None:
            error.relative_schema_path.appendleft(schema_path)
        yield error


def _all_of(checks: list[Valid]) -> Valid:
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks

        def both(instance: Any) -> bool:
            return first(instance) and second(instance)

        return both

    def every(instance: Any) -> bool:
        for check in checks:
            if not check(instance):
                return False
        return True

    return every


class _Compiler:
    def __init__(self, root: Any, relabel_disjoint_one_of: bool) -> None:
        self.root = root
        self.relabel = relabel_disjoint_one_of
        self._nodes: dict[int, _Node] = {}
        defs = root.get("$defs") if isinstance(root, dict) else None
        self._defs: dict[str, Any] = defs if isinstance(defs, dict) else {}

    def node(self, schema: Any) -> _Node:
        found = self._nodes.get(id(schema))
        if found is None:
            found = self._nodes[id(schema)] = _Node(self, schema)
        return found

    def resolve(self, ref: Any) -> _Node:
        if not isinstance(ref, str) or not (ref == "#" or ref.startswith("#/")):
            raise _unsupported(f"$ref {str(ref)[:120]!r} is not a pointer into the schema")
        target = self.root
        for token in ref[2:].split("/") if ref != "#" else ():
            step = unquote(token).replace("~1", "/").replace("~0", "~")
            if isinstance(target, dict) and step in target:
                target = target[step]
            elif isinstance(target, list) and step.isdigit() and int(step) < len(target):
                target = target[int(step)]
            else:
                raise _unsupported(f"$ref {ref[:120]!r} does not resolve in the schema")
        return self.node(target)

    # one keyword -> (valid, errors-before-filling)
    def build(self, schema: Any) -> tuple[Valid, Errors]:
        if schema is True:
            return _always, _no_errors
        if schema is False:
            def false_errors(instance: Any) -> Iterator[CompiledError]:
                yield CompiledError(lambda: f"False schema does not allow {instance!r}",
                                    validator=None, validator_value=None, instance=instance,
                                    schema=False)
            return _never, false_errors
        if not isinstance(schema, dict):
            raise _unsupported(f"a subschema is a {type(schema).__name__}, not an object")
        parts: list[tuple[str, Any, Valid, Errors]] = []
        last: list[tuple[str, Any, Valid, Errors]] = []
        for keyword, value in schema.items():
            if keyword not in EVALUATED or keyword == "format":
                continue
            method = getattr(self, "_kw_" + keyword.lstrip("$"), None)
            if keyword not in SUPPORTED or method is None:
                raise _unsupported(f"keyword {keyword!r} is not compiled")
            label = keyword
            if keyword == "oneOf" and self._one_of_is_any_of(schema):
                # at most one branch can match, so it is the anyOf schema.py rewrites it to
                # (stopping at the first match); that rewrite also moves it last
                label, method = "anyOf", self._kw_anyOf
            kw_valid, kw_errors = method(value, schema)
            (last if label != keyword else parts).append((label, value, kw_valid, kw_errors))
        parts.extend(last)
        # cheap checks first in the boolean walk (its result does not depend on order)
        cheap = [p[2] for p in parts if p[0] in ("type", "required", "enum", "const")]
        dear = [p[2] for p in parts if p[0] not in ("type", "required", "enum", "const")]
        valid = _all_of(cheap + dear)

        def errors(instance: Any) -> Iterator[CompiledError]:
            for keyword, value, _check, keyword_errors in parts:
                for error in keyword_errors(instance):
                    error._fill(keyword, value, instance, schema)
                    if keyword != "$ref" and keyword != "if":  # as jsonschema records them
                        error.relative_schema_path.appendleft(keyword)
                    yield error

        return valid, errors

    def _one_of_is_any_of(self, schema: dict[str, Any]) -> bool:
        if not self.relabel or "anyOf" in schema or not isinstance(schema["oneOf"], list):
            return False
        return types_disjoint([branch_types(b, self._defs, frozenset())
                               for b in schema["oneOf"]])

    def _nodes_of(self, value: Any, keyword: str) -> list[_Node]:
        if not isinstance(value, list) or not value:
            raise _unsupported(f"{keyword} is not a non-empty array")
        return [self.node(sub) for sub in value]

    # --- keywords -------------------------------------------------------------------------

    def _kw_type(self, value: Any, schema: dict[str, Any]) -> tuple[Valid, Errors]:
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not all(n in _TYPE_CHECKS for n in names):
            raise _unsupported(f"type {value!r} names an unknown type")
        checks = [_TYPE_CHECKS[n] for n in names]
        if len(checks) == 1:
            valid = checks[0]
        else:
            def valid(instance: Any) -> bool:
                return any(check(instance) for check in checks)
        reprs = ", ".join(repr(n) for n in names)

        def errors(instance: Any) -> Iterator[CompiledError]:
            if not valid(instance):
                yield CompiledError(lambda: f"{instance!r} is not of type {reprs}")

        return valid, errors

    def _kw_enum(self, value: Any, schema: dict[str, Any]) -> tuple[Valid, Errors]:
        if not isinstance(value, list):
            raise _unsupported("enum is not an array")
        enums = value
        if all(isinstance(e, str) for e in enums):
            strings = frozenset(enums)

            def valid(instance: Any) -> bool:
                return isinstance(instance, str) and instance in strings
        else:
            def valid(instance: Any) -> bool:
                return any(equal(each, instance) for each in enums)

        def errors(instance: Any) -> Iterator[CompiledError]:
            if not valid(instance):
                yield CompiledError(lambda: f"{instance!r} is not one of {enums!r}")

        return valid, errors

    def _kw_const(self, value: Any, schema: dict[str, Any]) -> tuple[Valid, Errors]:
        def valid(instance: Any) -> bool:
            return equal(instance, value)

        def errors(instance: Any) -> Iterator[CompiledError]:
            if not valid(instance):
                yield CompiledError(lambda: f"{value!r} was expected")

        return valid, errors

    def _kw_properties(self, value: Any, schema: dict[str, Any]) -> tuple[Valid, Errors]:
        if not isinstance(value, dict):
            raise _unsupported("properties is not an object")
        nodes = {name: self.node(sub) for name, sub in value.items()}

        def valid(instance: Any) -> bool:
            if not isinstance(instance, dict):
                return True
            if len(instance) < len(nodes):
                for name, item in instance.items():
                    node = nodes.get(name)
                    if node is not None and not node.valid(item):
                        return False
                return True
            for name, node in nodes.items():
                if name in instance and not node.valid(instance[name]):
                    return False
            return True

        def errors(instance: Any) -> Iterator[CompiledError]:
            if not isinstance(instance, dict):
                return
            for name, node in nodes.items():
                if name in instance:
                    yield from _descend(node, instance[name], path=name, schema_path=name)

        return valid, errors

    def _kw_patternProperties(self, value: Any, schema: dict[str, Any]
                              ) -> tuple[Valid, Errors]:
        if not isinstance(value, dict):
            raise _unsupported("patternProperties is not an object")
        rules = [(pattern, _pattern(pattern), self.node(sub)) for pattern, sub in value.items()]

        def valid(instance: Any) -> bool:
            if not isinstance(instance, dict):
                return True
            return all(node.valid(item) for _p, regex, node in rules
                       for name, item in instance.items() if regex.search(name))

        def errors(instance: Any) -> Iterator[CompiledError]:
            if not isinstance(instance, dict):
                return
            for pattern, regex, node in rules:
                for name, item in instance.items():
                    if regex.search(name):
                        yield from _descend(node, item, path=name, schema_path=pattern)

        return valid, errors

    def _kw_propertyNames(self, value: Any, schema: dict[str, Any]) -> tuple[Valid, Errors]:
        node = self.node(value)

        def valid(instance: Any) -> bool:
            if not isinstance(instance, dict):
                return True
            check = node.valid
            for name in instance:
                if not check(name):
                    return False
            return True

        def errors(instance: Any) -> Iterator[CompiledError]:
            if isinstance(instance, dict):
                for name in instance:
                    yield from _descend(node, name)

        return valid, errors

    def _kw_additionalProperties(self, value: Any, schema: dict[str, Any]
                                 ) -> tuple[Valid, Errors]:
        known = schema.get("properties", {})
        if not isinstance(known, dict):
            raise _unsupported("properties is not an object")
        patterns = schema.get("patternProperties", {})
        if not isinstance(patterns, dict):
            raise _unsupported("patternProperties is not an object")
        joined = _pattern("|".join(patterns)) if patterns else None

        def extras(instance: dict[str, Any]) -> list[str]:
            return [name for name in instance if name not in known
                    and not (joined is not None and joined.search(name))]

        if isinstance(value, dict):
            node = self.node(value)

            def valid(instance: Any) -> bool:
                if not isinstance(instance, dict):
                    return True
                check = node.valid
                for name, item in instance.items():
                    if name not in known and not (joined is not None and joined.search(name)
                                                  ) and not check(item):
                        return False
                return True

            def errors(instance: Any) -> Iterator[CompiledError]:
                if isinstance(instance, dict):
                    for name in extras(instance):
                        yield from _descend(node, instance[name], path=name)

            return valid, errors
        if value is True:
            return _always, _no_errors
        if value is not False:
            raise _unsupported(f"additionalProperties {value!r} is not a schema")

        def closed(instance: Any) -> bool:
            return not isinstance(instance, dict) or not extras(instance)

        def closed_errors(instance: Any) -> Iterator[CompiledError]:
            if not isinstance(instance, dict):
                return
            found = extras(instance)
            if not found:
                return
            if "patternProperties" in schema:
                verb = "does" if len(found) == 1 else "do"
                names = ", ".join(repr(each) for each in sorted(found))
                listed = ", ".join(repr(each) for each in sorted(patterns))
                yield CompiledError(f"{names} {verb} not match any of the regexes: {listed}")
            else:
                shown, verb = _extras_msg(sorted(found, key=str))
                yield CompiledError(f"Additional properties are not allowed ({shown} {verb} "
                                    "unexpected)")

        return closed, closed_errors

    def _kw_required(self, value: Any, schema: dict[str, Any]) -> tuple[Valid, Errors]:
        if not isinstance(value, list):
            raise _unsupported("required is not an array")
        names = list(value)

        def valid(instance: Any) -> bool:
            if not isinstance(instance, dict):
                return True
            for name in names:
                if name not in instance:
                    return False
            return True

        def errors(instance: Any) -> Iterator[CompiledError]:
            if isinstance(instance, dict):
                for name in names:
                    if name not in instance:
                        yield CompiledError(f"{name!r} is a required property")

        return valid, errors

    def _kw_dependentRequired(self, value: Any, schema: dict[str, Any]
                              ) -> tuple[Valid, Errors]:
        if not isinstance(value, dict) or not all(isinstance(v, list) for v in value.values()):
            raise _unsupported("dependentRequired is not an object of arrays")

        def errors(instance: Any) -> Iterator[CompiledError]:
            if not isinstance(instance, dict):
                return
            for name, needed in value.items():
                if name in instance:
                    for each in needed:
                        if each not in instance:
                            yield CompiledError(f"{each!r} is a dependency of {name!r}")

        return (lambda instance: next(errors(instance), None) is None), errors

    def _kw_dependentSchemas(self, value: Any, schema: dict[str, Any]
                             ) -> tuple[Valid, Errors]:
        if not isinstance(value, dict):
            raise _unsupported("dependentSchemas is not an object")
        nodes = {name: self.node(sub) for name, sub in value.items()}

        def valid(instance: Any) -> bool:
            return not isinstance(instance, dict) or all(
                node.valid(instance) for name, node in nodes.items() if name in instance)

        def errors(instance: Any) -> Iterator[CompiledError]:
            if isinstance(instance, dict):
                for name, node in nodes.items():
                    if name in instance:
                        yield from _descend(node, instance, schema_path=name)

        return valid, errors

    def _kw_items(self, value: Any, schema: dict[str, Any]) -> tuple[Valid, Errors]:
        if isinstance(value, list):
            nodes = [self.node(sub) for sub in value]

            def valid(instance: Any) -> bool:
                if not isinstance(instance, list):
                    return True
                return all(node.valid(item) for item, node in zip(instance, nodes, strict=False))

            def errors(instance: Any) -> Iterator[CompiledError]:
                if isinstance(instance, list):
                    for index, (item, node) in enumerate(zip(instance, nodes, strict=False)):
                        yield from _descend(node, item, path=index, schema_path=index)

            return valid, errors
        node = self.node(value)

        def valid_each(instance: Any) -> bool:
            if not isinstance(instance, list):
                return True
            check = node.valid
            for item in instance:
                if not check(item):
                    return False
            return True

        def errors_each(instance: Any) -> Iterator[CompiledError]:
            if isinstance(instance, list):
                for index, item in enumerate(instance):
                    yield from _descend(node, item, path=index)

        return valid_each, errors_each

    def _kw_additionalItems(self, value: Any, schema: dict[str, Any]) -> tuple[Valid, Errors]:
        items = schema.get("items", {})
        if isinstance(items, dict):
            return _always, _no_errors  # only applies after an array of "items"
        if not isinstance(items, list):
            raise _unsupported("additionalItems next to a boolean items")
        start = len(items)
        if isinstance(value, dict):
            node = self.node(value)

            def valid(instance: Any) -> bool:
                return not isinstance(instance, list) or all(
                    node.valid(item) for item in instance[start:])

            def errors(instance: Any) -> Iterator[CompiledError]:
                if isinstance(instance, list):
                    for index, item in enumerate(instance[start:], start=start):
                        yield from _descend(node, item, path=index)

            return valid, errors
        if value is True:
            return _always, _no_errors
        if value is not False:
            raise _unsupported(f"additionalItems {value!r} is not a schema")

        def closed(instance: Any) -> bool:
            return not isinstance(instance, list) or len(instance) <= start

        def closed_errors(instance: Any) -> Iterator[CompiledError]:
            if not closed(instance):
                yield CompiledError(lambda: "Additional items are not allowed ({} {} unexpected)"
                                    .format(*_extras_msg(instance[start:])))

        return closed, closed_errors

    def _kw_contains(self, value: Any, schema: dict[str, Any]) -> tuple[Valid, Errors]:
        node = self.node(value)
        min_contains = schema.get("minContains", 1)
        max_given = schema.get("maxContains")
        for bound in (min_contains, max_given):
            if bound is not None and not _is_number(bound):
                raise _unsupported("minContains/maxContains is not a number")

        def errors(instance: Any) -> Iterator[CompiledError]:
            if not isinstance(instance, list):
                return
            most = len(instance) if max_given is None else max_given
            matches = 0
            for item in instance:
                if node.valid(item):
                    matches += 1
                    if matches > most:
                        yield CompiledError("Too many items match the given schema "
                                            f"(expected at most {most})",
                                            validator="maxContains", validator_value=most)
                        return
            if matches < min_contains:
                if not matches:
                    yield CompiledError(lambda: f"{instance!r} does not contain items "
                                        "matching the given schema")
                else:
                    yield CompiledError("Too few items match the given schema (expected at "
                                        f"least {min_contains} but only {matches} matched)",
                                        validator="minContains", validator_value=min_contains)

        if min_contains == 1 and max_given is None:
            def valid(instance: Any) -> bool:
                if not isinstance(instance, list):
                    return True
                check = node.valid
                for item in instance:
                    if check(item):
                        return True
                return False
        else:
            def valid(instance: Any) -> bool:
                return next(errors(instance), None) is None

        return valid, errors

    def _size(self, keyword: str, value: Any, kind: type, is_min: bool, empty_word: str,
              other_word: str) -> tuple[Valid, Errors]:
        if not _is_number(value):
            raise _unsupported(f"{keyword} is not a number")
        limit = value

        def valid(instance: Any) -> bool:
            if not isinstance(instance, kind):
                return True
            size = len(instance)  # type: ignore[arg-type]
            return not (size < limit if is_min else size > limit)

        special = 1 if is_min else 0

        def errors(instance: Any) -> Iterator[CompiledError]:
            if not valid(instance):
                word = empty_word if limit == special else other_word
                yield CompiledError(lambda: f"{instance!r} {word}")

        return valid, errors

    def _kw_minItems(self, value: Any, schema: dict[str, Any]) -> tuple[Valid, Errors]:
        return self._size("minItems", value, list, True, "should be non-empty", "is too short")

    def _kw_maxItems(self, value: Any, schema: dict[str, Any]) -> tuple[Valid, Errors]:
        return self._size("maxItems", value, list, False, "is expected to be empty",
                          "is too long")

    def _kw_minLength(self, value: Any, schema: dict[str, Any]) -> tuple[Valid, Errors]:
        return self._size("minLength", value, str, True, "should be non-empty", "is too short")

    def _kw_maxLength(self, value: Any, schema: dict[str, Any]) -> tuple[Valid, Errors]:
        return self._size("maxLength", value, str, False, "is expected to be empty",
                          "is too long")

    def _kw_minProperties(self, value: Any, schema: dict[str, Any]) -> tuple[Valid, Errors]:
        return self._size("minProperties", value, dict, True, "should be non-empty",
                          "does not have enough properties")

    def _kw_maxProperties(self, value: Any, schema: dict[str, Any]) -> tuple[Valid, Errors]:
        return self._size("maxProperties", value, dict, False, "is expected to be empty",
                          "has too many properties")

    def _kw_pattern(self, value: Any, schema: dict[str, Any]) -> tuple[Valid, Errors]:
        search = _pattern(value).search

        def valid(instance: Any) -> bool:
            return not isinstance(instance, str) or search(instance) is not None

        def errors(instance: Any) -> Iterator[CompiledError]:
            if not valid(instance):
                yield CompiledError(lambda: f"{instance!r} does not match {value!r}")

        return valid, errors

    def _bound(self, keyword: str, value: Any, fails: Callable[[Any], bool], text: str
               ) -> tuple[Valid, Errors]:
        if not _is_number(value):
            raise _unsupported(f"{keyword} is not a number")

        def valid(instance: Any) -> bool:
            return not _is_number(instance) or not fails(instance)

        def errors(instance: Any) -> Iterator[CompiledError]:
            if not valid(instance):
                yield CompiledError(lambda: f"{instance!r} {text} {value!r}")

        return valid, errors

    def _kw_minimum(self, value: Any, schema: dict[str, Any]) -> tuple[Valid, Errors]:
        return self._bound("minimum", value, lambda x: bool(x < value),
                           "is less than the minimum of")

    def _kw_maximum(self, value: Any, schema: dict[str, Any]) -> tuple[Valid, Errors]:
        return self._bound("maximum", value, lambda x: bool(x > value),
                           "is greater than the maximum of")

    def _kw_exclusiveMinimum(self, value: Any, schema: dict[str, Any]
                             ) -> tuple[Valid, Errors]:
        return self._bound("exclusiveMinimum", value, lambda x: bool(x <= value),
                           "is less than or equal to the minimum of")

    def _kw_exclusiveMaximum(self, value: Any, schema: dict[str, Any]
                             ) -> tuple[Valid, Errors]:
        return self._bound("exclusiveMaximum", value, lambda x: bool(x >= value),
                           "is greater than or equal to the maximum of")

    def _kw_allOf(self, value: Any, schema: dict[str, Any]) -> tuple[Valid, Errors]:
        nodes = self._nodes_of(value, "allOf")

        def valid(instance: Any) -> bool:
            for node in nodes:
                if not node.valid(instance):
                    return False
            return True

        def errors(instance: Any) -> Iterator[CompiledError]:
            for index, node in enumerate(nodes):
                yield from _descend(node, instance, schema_path=index)

        return valid, errors

    @staticmethod
    def _branch_errors(nodes: list[_Node], instance: Any) -> list[CompiledError]:
        found: list[CompiledError] = []
        for index, node in enumerate(nodes):
            found.extend(_descend(node, instance, schema_path=index))
        return found

    def _kw_anyOf(self, value: Any, schema: dict[str, Any]) -> tuple[Valid, Errors]:
        nodes = self._nodes_of(value, "anyOf")

        def valid(instance: Any) -> bool:
            for node in nodes:
                if node.valid(instance):
                    return True
            return False

        def errors(instance: Any) -> Iterator[CompiledError]:
            if not valid(instance):
                yield CompiledError(
                    lambda: f"{instance!r} is not valid under any of the given schemas",
                    context=self._branch_errors(nodes, instance))

        return valid, errors

    def _kw_oneOf(self, value: Any, schema: dict[str, Any]) -> tuple[Valid, Errors]:
        nodes = self._nodes_of(value, "oneOf")

        def valid(instance: Any) -> bool:
            found = False
            for node in nodes:
                if node.valid(instance):
                    if found:
                        return False
                    found = True
            return found

        def errors(instance: Any) -> Iterator[CompiledError]:
            first = next((i for i, node in enumerate(nodes) if node.valid(instance)), None)
            if first is None:
                yield CompiledError(
                    lambda: f"{instance!r} is not valid under any of the given schemas",
                    context=self._branch_errors(nodes, instance))
                return
            more = [node.schema for node in nodes[first + 1:] if node.valid(instance)]
            if more:
                more.append(nodes[first].schema)
                yield CompiledError(lambda: f"{instance!r} is valid under each of "
                                    + ", ".join(repr(each) for each in more))

        return valid, errors

    def _kw_not(self, value: Any, schema: dict[str, Any]) -> tuple[Valid, Errors]:
        node = self.node(value)

        def valid(instance: Any) -> bool:
            return not node.valid(instance)

        def errors(instance: Any) -> Iterator[CompiledError]:
            if not valid(instance):
                yield CompiledError(
                    lambda: f"{instance!r} should not be valid under {value!r}")

        return valid, errors

    def _kw_if(self, value: Any, schema: dict[str, Any]) -> tuple[Valid, Errors]:
        condition = self.node(value)
        then = self.node(schema["then"]) if "then" in schema else None
        otherwise = self.node(schema["else"]) if "else" in schema else None

        def valid(instance: Any) -> bool:
            branch = then if condition.valid(instance) else otherwise
            return branch is None or branch.valid(instance)

        def errors(instance: Any) -> Iterator[CompiledError]:
            if condition.valid(instance):
                if then is not None:
                    yield from _descend(then, instance, schema_path="then")
            elif otherwise is not None:
                yield from _descend(otherwise, instance, schema_path="else")

        return valid, errors

    def _kw_ref(self, value: Any, schema: dict[str, Any]) -> tuple[Valid, Errors]:
        target = self.resolve(value)

        def valid(instance: Any) -> bool:
            return target.valid(instance)

        def errors(instance: Any) -> Iterator[CompiledError]:
            return target.errors(instance)

        return valid, errors


_NUMBER_KEYWORDS = ("minItems", "maxItems", "minLength", "maxLength", "minProperties",
                    "maxProperties", "minimum", "maximum", "exclusiveMinimum",
                    "exclusiveMaximum", "minContains", "maxContains")


def _check_values(schema: dict[str, Any]) -> None:
    """Refuse keyword values the compiled keywords would refuse (so compiling never fails)."""
    for keyword in schema.keys() & (EVALUATED - SUPPORTED):
        raise _unsupported(f"keyword {keyword!r} is not compiled")
    declared = schema.get("type", "string")
    names = [declared] if isinstance(declared, str) else declared
    if not isinstance(names, list) or not all(
            isinstance(n, str) and n in _TYPE_CHECKS for n in names):
        raise _unsupported(f"type {declared!r} names an unknown type")
    for keyword in ("enum", "required"):
        if keyword in schema and not isinstance(schema[keyword], list):
            raise _unsupported(f"{keyword} is not an array")
    for keyword in ("properties", "patternProperties", "dependentSchemas",
                    "dependentRequired"):
        if keyword in schema and not isinstance(schema[keyword], dict):
            raise _unsupported(f"{keyword} is not an object")
    if not all(isinstance(v, list) for v in schema.get("dependentRequired", {}).values()):
        raise _unsupported("dependentRequired is not an object of arrays")
    for keyword in _NUMBER_KEYWORDS:
        if keyword in schema and not _is_number(schema[keyword]):
            raise _unsupported(f"{keyword} is not a number")
    for keyword in _SCHEMA_LISTS:
        if keyword in schema and (not isinstance(schema[keyword], list) or not schema[keyword]):
            raise _unsupported(f"{keyword} is not a non-empty array")
    for keyword in ("additionalProperties", "additionalItems"):
        if keyword in schema and not isinstance(schema[keyword], (dict, bool)):
            raise _unsupported(f"{keyword} {schema[keyword]!r} is not a schema")
    if "additionalItems" in schema and isinstance(schema.get("items"), bool):
        raise _unsupported("additionalItems next to a boolean items")
    if "pattern" in schema:
        _pattern(schema["pattern"])
    for pattern in schema.get("patternProperties", {}):
        _pattern(pattern)
    if schema.get("patternProperties") and "additionalProperties" in schema:
        _pattern("|".join(schema["patternProperties"]))
    ref = schema.get("$ref")
    if ref is not None and not (isinstance(ref, str) and (ref == "#" or ref.startswith("#/"))):
        raise _unsupported(f"$ref {str(ref)[:120]!r} is not a pointer into the schema")


def _subschemas(schema: dict[str, Any]) -> Iterator[Any]:
    for keyword in _SCHEMA_MAPS:
        value = schema.get(keyword)
        if isinstance(value, dict):
            yield from value.values()
    for keyword in _SCHEMA_VALUES:
        if keyword in schema:
            yield schema[keyword]
    for keyword in _SCHEMA_LISTS:
        yield from schema.get(keyword, ())
    items = schema.get("items")
    if items is not None:
        yield from items if isinstance(items, list) else (items,)


def _check_root(root: Any) -> None:
    if not isinstance(root, (dict, bool)):
        raise _unsupported(f"a JSON Schema is an object or a boolean, not a "
                           f"{type(root).__name__}")
    if isinstance(root, dict) and root.get("$schema", next(iter(DRAFTS))) not in DRAFTS:
        raise _unsupported(f"$schema {str(root.get('$schema'))[:120]!r} is not draft 2019-09")


def _check_structure(root: Any) -> None:
    """Refuse, before any validation, what the compiled keywords do not cover.

    Walks every subschema (and every ``$ref`` target) once, so the lazy compilation
    later never meets an unsupported keyword or value halfway through a document.
    """
    _check_root(root)
    compiler = _Compiler(root, False)
    seen: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, True)]
    while stack:
        schema, is_root = stack.pop()
        if id(schema) in seen or isinstance(schema, bool):
            continue
        seen.add(id(schema))
        if not isinstance(schema, dict):
            raise _unsupported(f"a subschema is a {type(schema).__name__}, not an object")
        if not is_root and ("$id" in schema or "$schema" in schema):
            raise _unsupported("a nested $id or $schema changes how $refs resolve")
        if schema.get("$recursiveAnchor", False) is not False:
            raise _unsupported("$recursiveAnchor is not compiled")
        _check_values(schema)
        if "$ref" in schema:
            stack.append((compiler.resolve(schema["$ref"]).schema, False))
        stack.extend((child, False) for child in _subschemas(schema))


class CompiledSchema:
    """A JSON Schema compiled to closures; build it with :func:`compile_schema`."""

    def __init__(self, schema: Any, *, relabel_disjoint_one_of: bool = False,
                 check: bool = True) -> None:
        if check:
            _check_structure(schema)
        else:
            _check_root(schema)
        self.schema = schema
        self._root = _Compiler(schema, relabel_disjoint_one_of).node(schema)

    def is_valid(self, instance: Any) -> bool:
        """Whether ``instance`` satisfies the schema (the fast boolean walk).

        Built with ``check=False``, this and :meth:`iter_errors` raise the
        ``schema_unsupported`` error when they reach an unsupported part of the schema.
        """
        return self._root.valid(instance)

    def iter_errors(self, instance: Any) -> Iterable[CompiledError]:
        """Every top-level error, in jsonschema's order (nothing when valid)."""
        if self._root.valid(instance):
            return []
        return list(self._root.errors(instance))


def compile_schema(schema: Any, *, relabel_disjoint_one_of: bool = False, check: bool = True
                   ) -> CompiledSchema:
    """Compile ``schema`` (draft 2019-09); ``schema_unsupported`` InvalidInputError if it can't.

    ``relabel_disjoint_one_of`` reports a ``oneOf`` whose branches accept disjoint JSON
    types as the ``anyOf`` it is equivalent to (keyword and schema path), as ``schema.py``
    rewrites the bundled schemas for jsonschema.  Compilation of subschemas is lazy.  With
    ``check`` (the default) the whole schema is checked up front (every subschema and
    ``$ref`` target, every pattern compiled), so an unsupported keyword anywhere is refused
    here; without it (a cold start skips that walk, ~5-10 ms for an OB 3.0 schema) only
    the root is checked and validation raises the same error if it reaches an unsupported
    part.
    """
    return CompiledSchema(schema, relabel_disjoint_one_of=relabel_disjoint_one_of, check=check)
