"""JSON-LD 1.1 context processing without pyld, for the fast path's common case.

:func:`process` turns an active context and a local context into a new active
context in exactly pyld's representation (``{"mappings": {term: definition}, ...}``
with pyld's definition keys), so the result can be used interchangeably with pyld's
own: the fast path and pyld can each extend what the other built.  It covers what the
bundled credential contexts use: bundled context URLs, inline context objects, term
definitions with ``@id``/``@reverse``/``@type``/``@container``/``@context``/
``@language``/``@nest``/``@prefix``/``@protected``, compact IRI and term dependencies,
``@vocab``, ``@language``, ``@version`` and protected-term checks.  Anything else
(``@import``, ``@base``, ``@direction``, ``@propagate``, null contexts, remote
contexts, and every case where pyld would raise) raises :class:`NativeUnsupported`,
and the caller asks pyld instead, so behaviour never differs from pyld's.

Why: pyld's context processing pre-processes every scoped context of a context
document when the document is first used (about 200 ms for the VC 2.0 and OB 3.0
contexts) and importing pyld costs about 100 ms; a cold ``openbadge verify`` needs
neither.  Scoped contexts inside *bundled* documents are not pre-validated here (they
are immutable and known to be valid); those of inline contexts are, as pyld does.
"""

from __future__ import annotations

import re
from typing import Any

from .loader import get_context, is_bundled

__all__ = ["INITIAL", "NativeUnsupported", "process"]

#: the initial active context (JSON-LD 1.1)
INITIAL: dict[str, Any] = {"processingMode": "json-ld-1.1", "mappings": {}}

#: JSON-LD 1.1 keywords (what IRI expansion returns unchanged); the fast path uses these too
_KEYWORDS = frozenset({
    "@base", "@container", "@context", "@default", "@direction", "@embed", "@explicit",
    "@first", "@graph", "@id", "@import", "@included", "@index", "@json", "@language",
    "@list", "@nest", "@none", "@omitDefault", "@prefix", "@preserve", "@propagate",
    "@protected", "@requireAll", "@reverse", "@set", "@type", "@value", "@version",
    "@vocab",
})
#: strings that look like a keyword but are not one expand to nothing
_KEYWORD_FORM = re.compile(r"^@[a-zA-Z]+$")
#: pyld's test for an absolute IRI (a scheme, or "_" for blank nodes, then a colon)
_ABSOLUTE = re.compile(r"^([A-Za-z][A-Za-z0-9+,\-.]*|_):[^\s]*$")
_IRI_LIKE_TERM = re.compile(r".*((:[^:])|/)")
_GEN_DELIM_END = re.compile(r".*[:/\?#\[\]@]$")
_TERM_KEYS = frozenset({"@container", "@id", "@language", "@reverse", "@type", "@context",
                        "@index", "@nest", "@prefix", "@protected", "@direction"})
_CONTAINERS = frozenset({"@list", "@set", "@index", "@language", "@graph", "@id", "@type"})
_CONTEXT_KEYS = frozenset({"@version", "@vocab", "@language", "@protected"})

#: ids of every object inside a bundled context document (they live as long as the
#: loader's cache, so ids stay unique): their scoped contexts need no pre-validation
_TRUSTED: set[int] = set()
_TRUSTED_DOCS: set[str] = set()


class NativeUnsupported(Exception):
    """This context needs pyld (a feature not covered here, or an error pyld reports)."""


def _trust(value: Any) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            _TRUSTED.add(id(item))
            stack.extend(item.values())
        elif isinstance(item, list):
            _TRUSTED.add(id(item))
            stack.extend(item)


def _bundled(url: str) -> Any:
    if not is_bundled(url):
        raise NativeUnsupported(f"context {url!r} is not bundled")
    document = get_context(url)
    if url not in _TRUSTED_DOCS:
        _trust(document)
        _TRUSTED_DOCS.add(url)
    if not isinstance(document, dict) or not isinstance(document.get("@context"), dict):
        raise NativeUnsupported(f"context {url!r} is not a single context object")
    return document["@context"]


def _clone(active: dict[str, Any]) -> dict[str, Any]:
    child: dict[str, Any] = {"mappings": dict(active["mappings"])}
    for key in ("@base", "previousContext", "@language", "@vocab"):
        if key in active:
            child[key] = active[key]
    return child


def process(active: dict[str, Any], local: Any, *, propagate: bool = True,
            override: bool = False) -> dict[str, Any]:
    """The active context after ``local``, as pyld's ``_process_context`` makes it."""
    if isinstance(local, dict) and isinstance(local.get("@context"), list):
        local = local["@context"]
    contexts = local if isinstance(local, list) else [local]
    if not contexts:
        return _clone(active)
    resolved: list[tuple[dict[str, Any], bool]] = []
    for item in contexts:
        if isinstance(item, str):
            resolved.append((_bundled(item), True))
        elif isinstance(item, dict):
            body = item.get("@context", item) if "@context" in item else item
            if not isinstance(body, dict):
                raise NativeUnsupported("context object's @context is not an object")
            resolved.append((body, id(body) in _TRUSTED))
        else:  # null, false and anything else
            raise NativeUnsupported("null or invalid context")
    result = active
    if not propagate and "previousContext" not in result:
        result = _clone(result)
        result["previousContext"] = active
    for body, trusted in resolved:
        result = _one(result, body, override=override, trusted=trusted)
    return result


def _one(active: dict[str, Any], ctx: dict[str, Any], *, override: bool,
         trusted: bool) -> dict[str, Any]:
    for key in ctx:
        if key.startswith("@") and key not in _CONTEXT_KEYS:
            raise NativeUnsupported(f"context entry {key}")
    result = _clone(active)
    defined: dict[str, bool] = {}
    if "@version" in ctx:
        if ctx["@version"] != 1.1:
            raise NativeUnsupported("@version")
        result["processingMode"] = "json-ld-1.1"
        result["@version"] = ctx["@version"]
        defined["@version"] = True
    result["processingMode"] = result.get(
        "processingMode", active.get("processingMode", "json-ld-1.1"))
    if "@vocab" in ctx:
        vocab = ctx["@vocab"]
        if (not isinstance(vocab, str) or not _ABSOLUTE.match(vocab) or vocab.startswith("_:")
                or vocab in result["mappings"]
                or (result["mappings"].get(vocab.split(":", 1)[0]) or {}).get("_prefix")):
            raise NativeUnsupported("@vocab that is not a plain absolute IRI")
        result["@vocab"] = vocab
        defined["@vocab"] = True
    if "@language" in ctx:
        language = ctx["@language"]
        if not isinstance(language, str):
            raise NativeUnsupported("@language that is not a string")
        result["@language"] = language.lower()
        defined["@language"] = True
    protected = ctx.get("@protected", False)
    if protected is not True and "@protected" in ctx:
        raise NativeUnsupported("@protected that is not true")
    defined["@protected"] = protected
    for term, value in ctx.items():
        if term.startswith("@"):
            continue
        _define(result, ctx, term, defined, override)
        if not trusted and isinstance(value, dict) and "@context" in value:
            process(result, value["@context"], override=True)  # pyld validates them too
    return result


def _expand(active: dict[str, Any], value: Any, local: dict[str, Any],
            defined: dict[str, bool]) -> Any:
    """IRI expansion (vocab-relative) while a context is being processed."""
    if not isinstance(value, str) or value in _KEYWORDS:
        return value
    if _KEYWORD_FORM.match(value):
        return None
    if value in local and defined.get(value) is not True:
        _define(active, local, value, defined, False)
    mappings = active["mappings"]
    if value in mappings:
        mapping = mappings[value]
        return None if mapping is None else mapping["@id"]
    colon = value.find(":")
    if colon > 0:
        prefix, suffix = value[:colon], value[colon + 1:]
        if prefix == "_" or suffix.startswith("//"):
            return value
        if prefix in local and not defined.get(prefix):
            _define(active, local, prefix, defined, False)
        mapping = mappings.get(prefix)
        if mapping and mapping["_prefix"]:
            return mapping["@id"] + suffix
        if _ABSOLUTE.match(value):
            return value
    if "@vocab" in active:
        return active["@vocab"] + value
    return value


def _define(active: dict[str, Any], local: dict[str, Any], term: str,
            defined: dict[str, bool], override: bool) -> None:
    """One term definition (pyld's ``_create_term_definition``, covered cases only)."""
    if term in defined:
        if defined[term]:
            return
        raise NativeUnsupported("cyclic term definition")
    defined[term] = False
    if term in _KEYWORDS or _KEYWORD_FORM.match(term) or term == "":
        raise NativeUnsupported(f"term {term!r}")
    mappings = active["mappings"]
    previous = mappings.pop(term, None)
    value = local[term]
    simple = False
    if value is None or isinstance(value, str):
        simple = True
        value = {"@id": value}
    if not isinstance(value, dict) or any(k not in _TERM_KEYS for k in value):
        raise NativeUnsupported(f"term definition of {term!r}")
    if "@direction" in value or "@index" in value:
        raise NativeUnsupported(f"term definition of {term!r}")
    mapping: dict[str, Any] = {"reverse": False, "protected": False, "_prefix": False}
    colon = term.find(":")
    mapping["_term_has_colon"] = colon > 0
    if "@reverse" in value:
        reverse = value["@reverse"]
        if "@id" in value or "@nest" in value or not isinstance(reverse, str) \
                or _KEYWORD_FORM.match(reverse):
            raise NativeUnsupported(f"@reverse of {term!r}")
        target = _expand(active, reverse, local, defined)
        if not isinstance(target, str) or not _ABSOLUTE.match(target):
            raise NativeUnsupported(f"@reverse of {term!r}")
        mapping["@id"] = target
        mapping["reverse"] = True
    elif "@id" in value:
        target = value["@id"]
        if target is None:
            mapping["@id"] = None
        elif not isinstance(target, str) or (
                target not in _KEYWORDS and _KEYWORD_FORM.match(target)):
            raise NativeUnsupported(f"@id of {term!r}")
        elif target != term:
            target = _expand(active, target, local, defined)
            if not isinstance(target, str) or not (
                    _ABSOLUTE.match(target) or target in _KEYWORDS):
                raise NativeUnsupported(f"@id of {term!r}")
            if _IRI_LIKE_TERM.match(term):
                check = dict(defined)
                check[term] = True
                if _expand(active, term, local, check) != target:
                    raise NativeUnsupported(f"term {term!r} does not expand to its @id")
            mapping["@id"] = target
            mapping["_prefix"] = bool(
                simple and colon <= 0
                and (target.startswith("_:") or _GEN_DELIM_END.match(target)))
    if "@id" not in mapping:
        if colon > 0:
            prefix = term[:colon]
            if prefix in local:
                _define(active, local, prefix, defined, False)
            parent = mappings.get(prefix)
            if parent is not None:
                if not isinstance(parent.get("@id"), str):
                    raise NativeUnsupported(f"prefix of {term!r}")
                mapping["@id"] = parent["@id"] + term[colon + 1:]
            else:
                mapping["@id"] = term
        elif "@vocab" in active:
            mapping["@id"] = active["@vocab"] + term
        else:
            raise NativeUnsupported(f"term {term!r} has no IRI")
    if value.get("@protected") or (defined.get("@protected") and value.get("@protected", True)):
        mapping["protected"] = True
    if "@type" in value:
        coercion = value["@type"]
        if not isinstance(coercion, str):
            raise NativeUnsupported(f"@type of {term!r}")
        if coercion not in ("@id", "@vocab", "@json", "@none"):
            coercion = _expand(active, coercion, local, defined)
            if not isinstance(coercion, str) or not _ABSOLUTE.match(coercion) \
                    or coercion.startswith("_:"):
                raise NativeUnsupported(f"@type of {term!r}")
        mapping["@type"] = coercion
    if "@container" in value:
        container = value["@container"]
        container = container if isinstance(container, list) else [container]
        kinds = set(container)
        if (not container or not kinds <= {"@set", "@list", "@graph", "@language"}
                or ("@list" in kinds and len(container) != 1)
                or ("@graph" in kinds and "@language" in kinds)
                or ("@graph" not in kinds and len(container) > (2 if "@set" in kinds else 1))
                or mapping["reverse"]):
            raise NativeUnsupported(f"@container of {term!r}")
        mapping["@container"] = container
    if "@context" in value:
        mapping["@context"] = False if value["@context"] is None else value["@context"]
    if "@language" in value and "@type" not in value:
        language = value["@language"]
        if language is not None and not isinstance(language, str):
            raise NativeUnsupported(f"@language of {term!r}")
        mapping["@language"] = None if language is None else language.lower()
    if "@prefix" in value:
        flag = value["@prefix"]
        if _IRI_LIKE_TERM.match(term) or re.match(r".*(:|/)", term) \
                or mapping["@id"] in _KEYWORDS or not isinstance(flag, bool):
            raise NativeUnsupported(f"@prefix of {term!r}")
        mapping["_prefix"] = flag
    if "@nest" in value:
        nest = value["@nest"]
        if not isinstance(nest, str) or (nest != "@nest" and nest.startswith("@")):
            raise NativeUnsupported(f"@nest of {term!r}")
        mapping["@nest"] = nest
    if mapping["@id"] in ("@context", "@preserve"):
        raise NativeUnsupported(f"alias of {mapping['@id']}")
    if previous and previous["protected"] and not override:
        mapping["protected"] = True
        if previous != mapping:
            raise NativeUnsupported(f"protected term {term!r} redefined")
    mappings[term] = mapping
    defined[term] = True
