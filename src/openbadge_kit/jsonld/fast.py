"""The fast road from a credential's JSON to RDF quads, over compiled contexts.

``to_quads(document)`` gives the same RDF dataset (up to blank node labels) as JSON-LD
1.1 expansion followed by toRdf in pyld with a null base, for the part of JSON-LD that
credentials use, or ``None`` when the document uses anything else; the caller then
takes the reference (pyld) path.  It never returns a different dataset.

How it is fast:

* Contexts are immutable documents, so each distinct context list is processed once per
  process into an active context (pyld's context processing, run once) wrapped in a
  :class:`_Ctx` that compiles each term definition on first use into a small
  :class:`_Term` record (predicate already written as an N-Quads term, type coercion,
  container, scoped context).  Type-scoped, property-scoped and embedded contexts are
  applied once and remembered on the context they were applied to, so the expansion of
  a credential never processes a context again.
* One walk over the JSON emits quads directly (no expanded document, no node map).

What it claims (everything else falls back): node objects with ``@id``/``@type`` and
their aliases; embedded, type-scoped (non-propagating) and property-scoped contexts,
``@protected``; containers ``@set``, ``@list`` (flat), ``@graph`` (a graph object with
a blank node name per value, as VC 2.0 ``proof`` needs) and ``@language``; type
coercion ``@id``, ``@vocab`` and datatype IRIs; default and term ``@language``; value
objects with ``@value`` and ``@type`` or ``@language``; numbers and booleans as JSON-LD
toRdf writes them; top-level ``@graph`` and arrays.  Any term, type or IRI that the
reference path would drop (safe mode) also falls back, so the reference path reports it.
"""

from __future__ import annotations

import json
import math
import re
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from ..errors import CanonicalizationLimitError
from ..limits import DEFAULT_LIMITS, Limits
from . import fast_context
from .loader import default_loader
from .nquads import Quad, iri, literal

__all__ = ["FastPathStats", "stats", "to_quads"]

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
XSD_BOOLEAN = XSD_NS + "boolean"
XSD_DOUBLE = XSD_NS + "double"
XSD_INTEGER = XSD_NS + "integer"

_RDF_TYPE = iri(RDF_NS + "type")
_RDF_FIRST = iri(RDF_NS + "first")
_RDF_REST = iri(RDF_NS + "rest")
_RDF_NIL = iri(RDF_NS + "nil")

# JSON-LD keywords, keyword-like strings and pyld's absolute-IRI test: one definition,
# shared with the context compiler
_KEYWORDS = fast_context._KEYWORDS
_KEYWORD_FORM = fast_context._KEYWORD_FORM
_ABSOLUTE = fast_context._ABSOLUTE
#: the language tags the reference path's safe mode accepts (``to_rdf._LANGUAGE_TAG``,
#: kept equal by a test; not imported, so the fast path never loads pyld)
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*\Z")
#: characters that make an IRI one the fast path leaves to the reference path
_IRI_ODD = re.compile(r'[\s<>"{}|^`\\\x00-\x20\x7f]')

# term coercion kinds
_PLAIN, _ID, _VOCAB, _DATATYPE = 0, 1, 2, 3
# container kinds (@set is the same as none)
_NONE, _LIST, _GRAPH, _LANGUAGE = 0, 1, 2, 3

#: distinct root context lists kept compiled (inline contexts are keyed by content)
_ROOT_CACHE_SIZE = 128
#: node shapes (sorted key tuples) kept planned per context
_PLAN_CACHE_SIZE = 1024
#: contexts derived from one context (scoped or embedded) kept compiled
_DERIVED_CACHE_SIZE = 512
#: total cache weight (a compiled context weighs 50, a plan 1) before every cache is
#: dropped: hostile streams of distinct inline contexts or node shapes stay bounded
_CACHE_BUDGET = 100_000
_CONTEXT_WEIGHT = 50
_cache_weight = 0


class _Fallback(Exception):
    """The document uses something the fast path does not claim."""


class _Term:
    """One compiled term definition."""

    __slots__ = ("container", "datatype", "iri", "kind", "language", "pred", "prefix",
                 "scoped", "unsupported")

    def __init__(self, mapping: dict[str, Any]) -> None:
        target = mapping.get("@id")
        self.iri: str | None = target if isinstance(target, str) else None
        self.prefix: bool = bool(mapping.get("_prefix"))
        self.unsupported = bool(mapping.get("reverse"))
        #: the predicate as an N-Quads term, when the term maps to an absolute IRI
        self.pred: str | None = None
        if (self.iri is not None and self.iri not in _KEYWORDS
                and not self.iri.startswith("_:") and _ABSOLUTE.match(self.iri)
                and not _IRI_ODD.search(self.iri)):
            self.pred = iri(self.iri)
        coercion = mapping.get("@type")
        self.datatype: str | None = None
        if coercion is None:
            self.kind = _PLAIN
        elif coercion == "@id":
            self.kind = _ID
        elif coercion == "@vocab":
            self.kind = _VOCAB
        elif (isinstance(coercion, str) and coercion not in _KEYWORDS
              and _ABSOLUTE.match(coercion) and not _IRI_ODD.search(coercion)
              and not coercion.startswith("_:")):
            self.kind = _DATATYPE
            self.datatype = coercion
        else:  # @json, @none, anything odd
            self.kind = _PLAIN
            self.unsupported = True
        containers = set(mapping.get("@container") or ())
        containers.discard("@set")
        self.container = _NONE
        if containers == {"@list"}:
            self.container = _LIST
        elif containers == {"@graph"}:
            self.container = _GRAPH
        elif containers == {"@language"}:
            self.container = _LANGUAGE
        elif containers:
            self.unsupported = True
        #: the term's own language: absent (False), none (None) or a tag
        self.language: str | bool | None = mapping.get("@language", False)
        if mapping.get("@direction") is not None:
            self.unsupported = True
        #: the scoped context (pyld treats a null one as absent)
        self.scoped: Any = mapping.get("@context")


class _Processor:
    """Context processing, once per distinct (context, local context): natively when
    :mod:`.fast_context` covers it, otherwise by pyld (imported only then)."""

    def __init__(self) -> None:
        self.initial = _Ctx(fast_context.INITIAL, None)
        self._pyld: Any = None
        self._options: dict[str, Any] = {}

    def _pyld_process(self, ctx: _Ctx, local: Any, *, propagate: bool,
                      override: bool) -> dict[str, Any]:
        if self._pyld is None:
            from cachetools import LRUCache
            from pyld import jsonld
            from pyld.context_resolver import ContextResolver

            loader = default_loader()
            self._options = {
                "documentLoader": loader,
                "contextResolver": ContextResolver(LRUCache(maxsize=256), loader),
                "base": None,
                "processingMode": "json-ld-1.1",
                "isFrame": False,
                "keepFreeFloatingNodes": False,
            }
            self._pyld = jsonld.JsonLdProcessor()
        result: dict[str, Any] = self._pyld._process_context(
            ctx.py, local, self._options, override_protected=override, propagate=propagate)
        return result

    def process(self, ctx: _Ctx, local: Any, *, propagate: bool, override: bool) -> _Ctx:
        try:
            try:
                py = fast_context.process(ctx.py, local, propagate=propagate, override=override)
            except fast_context.NativeUnsupported:
                py = self._pyld_process(ctx, local, propagate=propagate, override=override)
        except Exception as exc:  # pyld errors, unbundled URLs: the reference path reports
            raise _Fallback(f"context processing: {exc}") from None
        previous = py.get("previousContext")
        if previous is None:
            link = None
        elif previous is ctx.py:
            link = ctx
        elif ctx.previous is not None and previous is ctx.previous.py:
            link = ctx.previous
        else:
            link = _Ctx(previous, None)
        return _Ctx(py, link)


_PROCESSOR: _Processor | None = None


def _processor() -> _Processor:
    global _PROCESSOR
    if _PROCESSOR is None:
        _PROCESSOR = _Processor()
    return _PROCESSOR


class _Ctx:
    """An active context with compiled terms and the contexts derived from it."""

    __slots__ = ("aliases", "derived", "language", "mappings", "plans", "previous", "py",
                 "terms", "type_keys", "typed_cache", "types", "unsupported", "vexp",
                 "vocab")

    def __init__(self, py: dict[str, Any], previous: _Ctx | None) -> None:
        global _cache_weight
        _cache_weight += _CONTEXT_WEIGHT
        self.py = py
        self.mappings: dict[str, Any] = py["mappings"]
        self.previous = previous
        self.terms: dict[str, _Term | None] = {}
        self.vexp: dict[str, str | None] = {}
        self.types: dict[str, str] = {}
        self.derived: dict[Any, tuple[Any, _Ctx]] = {}
        self.plans: dict[tuple[str, ...], _Plan] = {}
        self.aliases: dict[str, str] | None = None
        self.type_keys: frozenset[str] | None = None
        self.typed_cache: dict[tuple[str, ...], _Ctx] = {}
        self.language: str | None = py.get("@language")
        vocab = py.get("@vocab")
        self.vocab: str | None = vocab
        self.unsupported = (
            "@base" in py or py.get("@direction") is not None
            or (vocab is not None and not (
                isinstance(vocab, str) and _ABSOLUTE.match(vocab)
                and not vocab.startswith("_:") and not _IRI_ODD.search(vocab)))
        )

    # -- terms and IRI expansion ---------------------------------------------------------

    def term(self, key: str) -> _Term | None:
        """The compiled definition of ``key``, None when it is not a term (or null)."""
        try:
            return self.terms[key]
        except KeyError:
            pass
        mapping = self.mappings.get(key)
        if mapping is None:
            if key in self.mappings:
                raise _Fallback(f"term {key!r} is defined as null")
            return None
        compiled = _Term(mapping)
        self.terms[key] = compiled
        return compiled

    def expand(self, value: str, *, vocab: bool) -> str | None:
        """IRI expansion with a null base, as pyld does it (None: expands to nothing)."""
        if vocab:
            found = self.vexp.get(value, "")
            if found != "":
                return found
            if value in self.mappings:
                mapping = self.mappings[value]
                result = None if mapping is None else mapping["@id"]
                self.vexp[value] = result
                return result
        if value in _KEYWORDS:
            return value
        if _KEYWORD_FORM.match(value):
            return None
        colon = value.find(":")
        if colon > 0:
            prefix, suffix = value[:colon], value[colon + 1:]
            if prefix == "_" or suffix.startswith("//"):
                return value
            mapping = self.mappings.get(prefix)
            if mapping and mapping.get("_prefix"):
                return str(mapping["@id"]) + suffix
            if _ABSOLUTE.match(value):
                return value
        if vocab and self.vocab is not None:
            if self.unsupported:
                raise _Fallback("unusual @vocab")
            return self.vocab + value
        return value

    def keyword(self, key: str) -> str | None:
        """The keyword ``key`` expands to (itself, or through an alias), else None."""
        aliases = self.aliases
        if aliases is None:
            aliases = {k: k for k in _KEYWORDS}
            for term, mapping in self.mappings.items():
                if mapping is not None and mapping.get("@id") in _KEYWORDS:
                    aliases[term] = mapping["@id"]
            self.aliases = aliases
        return aliases.get(key)

    def type_aliases(self) -> frozenset[str]:
        """The keys that expand to ``@type`` here (``@type`` and its aliases)."""
        found = self.type_keys
        if found is None:
            self.keyword("@type")
            assert self.aliases is not None
            found = self.type_keys = frozenset(
                k for k, v in self.aliases.items() if v == "@type")
        return found

    def typed(self, names: tuple[str, ...]) -> _Ctx:
        """This context after the type-scoped contexts of ``names`` (sorted) are applied."""
        found = self.typed_cache.get(names)
        if found is None:
            found = self
            for name in names:
                term = self.term(name)
                if term is not None and term.scoped is not None and term.scoped is not False:
                    found = found.apply_scoped(term.scoped, propagate=False, override=False)
            if len(self.typed_cache) < _DERIVED_CACHE_SIZE:
                self.typed_cache[names] = found
        return found

    def plan(self, keys: tuple[str, ...]) -> _Plan:
        """The walk plan of a node object with these (sorted) keys in this context."""
        plan = self.plans.get(keys)
        if plan is None:
            plan = _Plan(self, keys)
            if len(self.plans) < _PLAN_CACHE_SIZE:
                global _cache_weight
                _cache_weight += 1
                self.plans[keys] = plan
        return plan

    # -- derived contexts ------------------------------------------------------------------

    def apply_scoped(self, local: Any, *, propagate: bool, override: bool) -> _Ctx:
        """This context with a term's scoped context applied (cached by identity)."""
        key = (id(local), propagate, override)
        entry = self.derived.get(key)
        if entry is not None and entry[0] is local:
            return entry[1]
        result = _processor().process(self, local, propagate=propagate, override=override)
        if len(self.derived) < _DERIVED_CACHE_SIZE:
            self.derived[key] = (local, result)  # holding ``local`` keeps its id unique
        return result

    def apply_embedded(self, local: Any) -> _Ctx:
        """This context with a document's own ``@context`` applied (cached by content)."""
        key = _content_key(local)
        entry = self.derived.get(key)
        if entry is not None:
            return entry[1]
        private = _private_copy(key, local)
        result = _processor().process(self, private, propagate=True, override=False)
        if len(self.derived) < _DERIVED_CACHE_SIZE:
            self.derived[key] = (private, result)
        return result


def _content_key(local: Any) -> tuple[str, Any]:
    """A cache key for a document's ``@context``: its URLs, or its JSON text."""
    if isinstance(local, str):
        return ("url", local)
    if isinstance(local, list) and all(isinstance(c, str) for c in local):
        return ("urls", tuple(local))
    try:
        text = json.dumps(local, sort_keys=True, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        raise _Fallback("context is not JSON") from None
    return ("json", text)


def _private_copy(key: tuple[str, Any], local: Any) -> Any:
    """A copy of a document's context that the caller cannot change under the cache."""
    kind, content = key
    if kind == "url":
        return local
    if kind == "urls":
        return list(content)
    return json.loads(content)


_ROOTS: OrderedDict[Any, _Ctx] = OrderedDict()
#: absolute IRIs already written as N-Quads terms (ids repeat across credentials)
_IRI_TERMS: dict[str, str] = {}
_IRI_CACHE_SIZE = 8192
#: blank node labels, made once: the same string objects every walk (hashes cached)
_LABELS = tuple(f"_:f{i}" for i in range(2048))


# --- literals --------------------------------------------------------------------------


def _double(value: float) -> str:
    """The canonical xsd:double lexical form JSON-LD toRdf writes (``4.25E1``)."""
    if not math.isfinite(value):
        raise _Fallback("non-finite number")
    mantissa, exponent = f"{value:1.15E}".split("E")
    mantissa = mantissa.rstrip("0")
    if mantissa.endswith("."):
        mantissa += "0"
    return f"{mantissa}E{int(exponent)}"


def _number_literal(value: Any, datatype: str | None) -> str:
    """A JSON scalar (not a language-tagged string) as an N-Quads literal."""
    if isinstance(value, bool):
        return literal("true" if value else "false", datatype or XSD_BOOLEAN)
    if isinstance(value, float) and not value.is_integer():
        return literal(_double(value), datatype or XSD_DOUBLE)
    if datatype == XSD_DOUBLE:
        try:
            number = float(value)
        except (TypeError, ValueError):
            return literal(value, XSD_DOUBLE)
        return literal(_double(number), XSD_DOUBLE)
    if isinstance(value, (int, float)):
        if abs(value) >= 1e21:
            return literal(_double(float(value)), datatype or XSD_DOUBLE)
        return literal(str(int(value)), datatype or XSD_INTEGER)
    if isinstance(value, str):
        return literal(value, datatype)
    raise _Fallback(f"unexpected JSON value of type {type(value).__name__}")


def _language(tag: str) -> str:
    tag = tag.lower()
    if not _LANGUAGE_TAG.match(tag):
        raise _Fallback(f"language tag {tag!r}")
    return tag


def _flatten(value: Any) -> Iterator[Any]:
    """Array items as expansion sees them: nested arrays flattened, nulls dropped."""
    if isinstance(value, list):
        for item in value:
            if isinstance(item, list):
                yield from _flatten(item)
            elif item is not None:
                yield item
    elif value is not None:
        yield value


# --- the walk ----------------------------------------------------------------------------


class _Plan:
    """How to walk a node object with a given set of keys in a given context."""

    __slots__ = ("id_key", "language_key", "props", "type_keys", "value_entries")

    def __init__(self, active: _Ctx, keys: tuple[str, ...]) -> None:
        self.id_key: str | None = None
        self.language_key: str | None = None
        self.type_keys: list[str] = []
        #: (key, predicate term, container, value context, value term, string language,
        #: whether a string value is a plain literal)
        self.props: list[tuple[str, str, int, _Ctx, _Term | None, str | None, bool]] = []
        #: (key, keyword) of a value object, None for a node object
        self.value_entries: list[tuple[str, str]] | None = None
        keywords: list[tuple[str, str]] = []
        seen: set[str] = set()
        for key in keys:
            if key == "@context":
                continue
            expanded = active.expand(key, vocab=True)
            if expanded is None:
                raise _Fallback(f"property {key!r} expands to nothing")
            if expanded in _KEYWORDS:
                if expanded in seen and expanded != "@type":
                    raise _Fallback("colliding keywords")
                seen.add(expanded)
                keywords.append((key, expanded))
            elif expanded.startswith("_:") or not _ABSOLUTE.match(expanded):
                raise _Fallback(f"property {key!r} is not an absolute IRI")
            else:
                self.props.append(_property_plan(active, key, expanded))
        if "@value" in seen:
            if self.props:
                raise _Fallback("value object with properties")
            self.value_entries = keywords
            return
        for key, expanded in keywords:
            if expanded == "@id":
                self.id_key = key
            elif expanded == "@type":
                self.type_keys.append(key)
            elif expanded == "@language":
                # kept by pyld's expansion of a node object, but never part of the dataset
                if len(keys) - ("@context" in keys) == 1:
                    raise _Fallback("node with only @language (expansion drops it)")
                self.language_key = key  # its value must still be a string (node())
            else:
                raise _Fallback(f"keyword {expanded} in a node object")


def _property_plan(active: _Ctx, key: str, expanded: str
                   ) -> tuple[str, str, int, _Ctx, _Term | None, str | None, bool]:
    term = active.term(key)
    if term is None:
        if _IRI_ODD.search(expanded):
            raise _Fallback("unusual property IRI")
        default = active.language
        return key, iri(expanded), _NONE, active, None, (
            None if default is None else _language(default)), True
    if term.unsupported or term.pred is None:
        raise _Fallback(f"term {key!r} uses a feature the fast path leaves out")
    value_ctx: _Ctx = active
    value_term: _Term | None = term
    if term.scoped is not None:
        value_ctx = active.apply_scoped(term.scoped, propagate=True, override=True)
        value_term = value_ctx.term(key)
        if value_term is not term and (
                value_term is None or value_term.unsupported
                or value_term.container != term.container):
            raise _Fallback(f"scoped context redefines {key!r}")
    language = value_term.language if value_term is not None else False
    if language is False:
        language = value_ctx.language
    if language is not None:
        language = _language(str(language))
    plain = term.container in (_NONE, _LANGUAGE) and (
        value_term is None or value_term.kind == _PLAIN)
    return key, term.pred, term.container, value_ctx, value_term, language, plain


class _Walk:
    """One document's walk: emits quads, labels blank nodes."""

    __slots__ = ("counter", "labels", "max_depth", "quads")

    def __init__(self, limits: Limits) -> None:
        self.quads: list[Quad] = []
        self.labels: dict[str, str] = {}
        self.counter = 0
        self.max_depth = limits.max_json_depth

    def fresh(self) -> str:
        """A new blank node."""
        self.counter += 1
        if self.counter < len(_LABELS):
            return _LABELS[self.counter]
        return f"_:f{self.counter}"

    def blank(self, label: str) -> str:
        """The blank node a document label (``_:x``) stands for."""
        found = self.labels.get(label)
        if found is None:
            found = self.labels[label] = self.fresh()
        return found

    def ref(self, expanded: str | None) -> str:
        """An expanded @id (or @type value) as an N-Quads subject/object term."""
        if expanded is None or expanded in _KEYWORDS:
            raise _Fallback("IRI expands to a keyword or nothing")
        if expanded.startswith("_:"):
            return self.blank(expanded)
        term = _IRI_TERMS.get(expanded)
        if term is not None:
            return term
        if _ABSOLUTE.match(expanded) and not _IRI_ODD.search(expanded):
            term = iri(expanded)
            if len(_IRI_TERMS) >= _IRI_CACHE_SIZE:
                _IRI_TERMS.clear()
            _IRI_TERMS[expanded] = term
            return term
        raise _Fallback(f"relative or unusual IRI {expanded!r}")

    # -- documents and node objects -------------------------------------------------------

    def document(self, doc: Any) -> None:
        """Every node object of a document (a map or an array of maps)."""
        if not doc or not isinstance(doc, (dict, list)) or (
                isinstance(doc, list) and not any(isinstance(i, dict) for i in doc)):
            raise _Fallback("not a JSON-LD document")
        for item in _flatten(doc):
            if not isinstance(item, dict):
                raise _Fallback("free-floating value at top level")
            if "@context" in item:
                self.top(_root(item["@context"]), item, context_done=True)
            else:
                self.top(_processor().initial, item, context_done=False)

    def top(self, root: _Ctx, elem: dict[str, Any], *, context_done: bool) -> None:
        """A top-level map; ``context_done`` when ``root`` already holds its @context."""
        active, type_ctx, keys = self.prologue(root, None, elem, context_done=context_done)
        graph_key = None
        for key in keys:
            if active.keyword(key) == "@graph":
                graph_key = key
        if graph_key is None:
            self.top_node(active, type_ctx, keys, elem)
            return
        if any(k not in ("@context", graph_key) for k in elem):
            raise _Fallback("named top-level graph")
        for item in _flatten(elem[graph_key]):
            if not isinstance(item, dict):
                raise _Fallback("free-floating value in @graph")
            inner, inner_type_ctx, inner_keys = self.prologue(active, None, item)
            self.top_node(inner, inner_type_ctx, inner_keys, item)

    def top_node(self, active: _Ctx, type_ctx: _Ctx, keys: tuple[str, ...],
                 elem: dict[str, Any]) -> None:
        """A top-level node: expansion drops it whole when it says nothing (safe mode)."""
        before = len(self.quads)
        self.node(active, type_ctx, keys, elem, "", 1)
        if len(self.quads) == before:
            raise _Fallback("top-level node without properties or types")

    def prologue(self, ctx: _Ctx, term: _Term | None, elem: dict[str, Any], *,
                 context_done: bool = False) -> tuple[_Ctx, _Ctx, tuple[str, ...]]:
        """The contexts a map is expanded with: revert, property-scoped, embedded, typed.

        ``ctx`` is the context of the property the map is the value of (``term`` that
        property's definition there), as pyld's ``_expand`` receives them.
        """
        keys = tuple(sorted(elem))
        active = ctx
        previous = None if context_done else ctx.previous
        if previous is not None:
            revert = True
            if len(elem) <= 2 and "@context" not in elem:
                for k in keys:
                    expanded = ctx.keyword(k)
                    if expanded == "@value" or (expanded == "@id" and len(elem) == 1):
                        revert = False
                        break
            if revert:
                active = previous
        if term is not None and term.scoped is not None:
            active = active.apply_scoped(term.scoped, propagate=True, override=True)
        if "@context" in elem and not context_done:
            local = elem["@context"]
            if isinstance(local, dict) and len(local) == 1 and "@context" in local:
                raise _Fallback("@context inside @context")
            active = active.apply_embedded(local)
        type_ctx = active
        type_aliases = active.type_aliases()
        type_keys = [k for k in keys if k in type_aliases]
        if len(type_keys) == 1:
            value = elem[type_keys[0]]
            if isinstance(value, str):
                names: tuple[str, ...] = (value,)
            elif isinstance(value, list):
                names = tuple(sorted(n for n in value if isinstance(n, str)))
            else:
                names = ()
            if names:
                active = type_ctx.typed(names)
        elif type_keys:
            raise _Fallback("more than one key expands to @type")
        if active.unsupported:
            raise _Fallback("context uses @base, @direction or an unusual @vocab")
        return active, type_ctx, keys

    def node(self, active: _Ctx, type_ctx: _Ctx, keys: tuple[str, ...],
             elem: dict[str, Any], graph: str, depth: int) -> str:
        """Emits a node object's quads (or converts a value object); returns its term."""
        if depth > self.max_depth:
            raise _Fallback("nesting too deep")
        plan = active.plan(keys)
        if len(plan.type_keys) > 1:  # a type-scoped context aliased another key to @type
            raise _Fallback("more than one key expands to @type")
        if plan.value_entries is not None:
            return self.value_object(type_ctx, plan.value_entries, elem)
        if plan.language_key is not None and not isinstance(elem[plan.language_key], str):
            raise _Fallback("@language is not a string")  # JSON-LD error: reference reports
        if plan.id_key is not None:
            value = elem[plan.id_key]
            if not isinstance(value, str):
                raise _Fallback("@id is not a string")
            subject = self.ref(active.expand(value, vocab=False))
        else:
            subject = self.fresh()
        quads = self.quads
        for type_key in plan.type_keys:
            value = elem[type_key]
            for name in value if isinstance(value, list) else (value,):
                if not isinstance(name, str):
                    raise _Fallback("@type value is not a string")
                type_term = type_ctx.types.get(name)
                if type_term is None:
                    type_term = self.ref(type_ctx.expand(name, vocab=True))
                    if not type_term.startswith("_:") and len(type_ctx.types) < 4096:
                        type_ctx.types[name] = type_term
                quads.append((subject, _RDF_TYPE, type_term, graph))
        depth += 1
        for key, pred, container, value_ctx, value_term, language, plain in plan.props:
            value = elem[key]
            kind = type(value)
            if kind is str and plain:  # the common case: a plain string literal
                quads.append((subject, pred, literal(value, language=language) if language
                              else literal(value), graph))
            elif value is None:
                continue
            elif container == _NONE or (container == _LANGUAGE and kind is not dict):
                if kind is list:
                    for item in _flatten(value):
                        quads.append((subject, pred, self.item(
                            value_ctx, value_term, language, item, graph, depth), graph))
                elif kind is dict:
                    inner, inner_type_ctx, inner_keys = self.prologue(value_ctx, value_term,
                                                                      value)
                    quads.append((subject, pred, self.node(
                        inner, inner_type_ctx, inner_keys, value, graph, depth), graph))
                else:
                    quads.append((subject, pred, self.item(
                        value_ctx, value_term, language, value, graph, depth), graph))
            else:
                self.container(value_ctx, value_term, language, container, value, subject,
                               pred, graph, depth)
        return subject

    def value_object(self, type_ctx: _Ctx, entries: list[tuple[str, str]],
                     elem: dict[str, Any]) -> str:
        """A value object (``@value`` with ``@type`` or ``@language``) as a literal."""
        value: Any = None
        datatype: str | None = None
        language: str | None = None
        for key, expanded in entries:
            item = elem[key]
            if expanded == "@value":
                value = item
            elif expanded == "@type":
                if not isinstance(item, str):
                    raise _Fallback("value object @type")
                datatype = type_ctx.expand(item, vocab=True)
                if (datatype is None or datatype.startswith("_:") or datatype in _KEYWORDS
                        or not _ABSOLUTE.match(datatype) or _IRI_ODD.search(datatype)):
                    raise _Fallback("value object @type")
            elif expanded == "@language":
                if item is not None:
                    if not isinstance(item, str):
                        raise _Fallback("value object @language")
                    language = _language(item)
            else:
                raise _Fallback(f"{expanded} in a value object")
        if value is None or isinstance(value, (dict, list)):
            raise _Fallback("value object @value")
        if language is not None:
            if datatype is not None or not isinstance(value, str):
                raise _Fallback("language-tagged value object")
            return literal(value, language=language)
        return _number_literal(value, datatype)

    # -- property values --------------------------------------------------------------------

    def container(self, ctx: _Ctx, term: _Term | None, language: str | None, container: int,
                  value: Any, subject: str, pred: str, graph: str, depth: int) -> None:
        """Values of a term with a @language, @list or @graph container."""
        quads = self.quads
        if container == _LANGUAGE:
            for lang_key in sorted(value):
                tag = None if ctx.expand(lang_key, vocab=True) == "@none" else _language(
                    lang_key)
                items = value[lang_key]
                for item in items if isinstance(items, list) else [items]:
                    if item is None:
                        continue
                    if not isinstance(item, str):
                        raise _Fallback("language map value is not a string")
                    quads.append((subject, pred, literal(item, language=tag), graph))
        elif container == _LIST:
            objects = []
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, list):
                    raise _Fallback("list of lists")
                if item is not None:
                    objects.append(self.item(ctx, term, language, item, graph, depth))
            quads.append((subject, pred, self.rdf_list(objects, graph), graph))
        else:  # _GRAPH: each value is a graph object named by a new blank node
            for item in _flatten(value):
                name = self.fresh()
                quads.append((subject, pred, name, graph))
                if isinstance(item, dict):
                    inner, inner_type_ctx, inner_keys = self.prologue(ctx, term, item)
                    for k in inner_keys:
                        if inner.keyword(k) in ("@graph", "@value"):
                            raise _Fallback("graph or value object in a graph container")
                    self.node(inner, inner_type_ctx, inner_keys, item, name, depth)
                else:
                    obj = self.item(ctx, term, language, item, name, depth)
                    if obj.startswith('"'):
                        raise _Fallback("literal in a graph container")

    def item(self, ctx: _Ctx, term: _Term | None, language: str | None, item: Any,
             graph: str, depth: int) -> str:
        """One (non-array, non-null) property value as an object term."""
        if isinstance(item, dict):
            active, type_ctx, keys = self.prologue(ctx, term, item)
            return self.node(active, type_ctx, keys, item, graph, depth)
        kind = term.kind if term is not None else _PLAIN
        if isinstance(item, str):
            if kind == _PLAIN:
                return literal(item, language=language) if language else literal(item)
            if kind == _ID:
                return self.ref(ctx.expand(item, vocab=False))
            if kind == _VOCAB:
                return self.ref(ctx.expand(item, vocab=True))
            assert term is not None
            return _number_literal(item, term.datatype)
        return _number_literal(item, term.datatype if term is not None else None)

    def rdf_list(self, objects: list[str], graph: str) -> str:
        """An RDF collection (rdf:first/rest) of ``objects``; returns its head."""
        if not objects:
            return _RDF_NIL
        head = node = self.fresh()
        quads = self.quads
        for index, obj in enumerate(objects):
            quads.append((node, _RDF_FIRST, obj, graph))
            rest = self.fresh() if index + 1 < len(objects) else _RDF_NIL
            quads.append((node, _RDF_REST, rest, graph))
            node = rest
        return head


# --- public ----------------------------------------------------------------------------


class FastPathStats:
    """Counts of documents that took the fast path and that fell back (per process)."""

    __slots__ = ("fallback", "fast", "last_reason")

    def __init__(self) -> None:
        self.fast = 0
        self.fallback = 0
        self.last_reason = ""

    def reset(self) -> None:
        """Set every count back to zero."""
        self.fast = self.fallback = 0
        self.last_reason = ""


#: process-wide counts, for tests and ``make bench``
stats = FastPathStats()


def _drop_caches() -> None:
    """Forget every compiled context, plan and IRI term (they are rebuilt on demand)."""
    global _PROCESSOR, _cache_weight
    _ROOTS.clear()
    _IRI_TERMS.clear()
    _PROCESSOR = None
    _cache_weight = 0


def _root(context: Any) -> _Ctx:
    if isinstance(context, dict) and len(context) == 1 and "@context" in context:
        raise _Fallback("@context inside @context")
    key = _content_key(context)
    root = _ROOTS.get(key)
    if root is not None:
        _ROOTS.move_to_end(key)
        return root
    initial = _processor().initial
    root = _processor().process(initial, _private_copy(key, context), propagate=True,
                                override=False)
    _ROOTS[key] = root
    if len(_ROOTS) > _ROOT_CACHE_SIZE:
        _ROOTS.popitem(last=False)
    return root


def to_quads(document: Any, *, limits: Limits = DEFAULT_LIMITS) -> list[Quad] | None:
    """The RDF quads of a JSON-LD ``document``, or None when the fast path does not cover it.

    The quads (blank nodes labelled ``_:f0, _:f1, ...``) are the dataset that the
    reference path (pyld expansion and toRdf with a null base, over the bundled
    contexts) produces, up to blank node labels, so their RDFC-1.0 canonical form is
    byte-identical.  ``None`` means "use the reference path": an unbundled context, a
    JSON-LD feature outside the covered subset, or anything the reference path would
    drop or reject (so that it reports the error).  Never raises for a bad document, with
    one exception: a document the walk covered whole whose dataset has more than
    ``limits.max_quads`` quads raises ``CanonicalizationLimitError`` (the reference path
    would build the same dataset, seconds of pyld work on a large one, only to refuse it).
    """
    if _cache_weight > _CACHE_BUDGET:
        _drop_caches()
    try:
        walk = _Walk(limits)
        walk.document(document)
    except _Fallback as why:
        stats.fallback += 1
        stats.last_reason = str(why)
        return None
    except Exception as exc:  # a bug or a hostile shape: the reference path decides
        stats.fallback += 1
        stats.last_reason = f"{type(exc).__name__}: {exc}"
        return None
    if len(walk.quads) > limits.max_quads:
        stats.fallback += 1
        stats.last_reason = "more quads than the limit"
        raise CanonicalizationLimitError(
            f"JSON-LD document produces more than {limits.max_quads} quads "
            "(limits.max_quads)")
    stats.fast += 1
    return walk.quads

