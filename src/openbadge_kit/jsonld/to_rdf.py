"""JSON-LD to RDF quads, the reference path (pyld), in safe mode.

``to_rdf(document)`` expands a JSON-LD document with pyld (base IRI null, offline
loader, JSON-LD 1.1), refuses anything that expansion or toRdf would silently lose, and
turns the expanded form into quads itself (:class:`_QuadWriter`, linear time) with terms
written by :mod:`.nquads` (pyld's own serializer escapes the URDNA2015-era set of
characters, not RDFC-1.0's).

Safe mode (VC Data Integrity "data loss is an error", jsonld.js ``safe: true``) raises
:class:`~openbadge_kit.errors.SafeModeError` naming the offending term for:

* a key that does not expand to an absolute IRI or keyword (undefined term, term
  mapped to null, keyword-like key), found through pyld's ``on_property_dropped`` hook;
* a relative or keyword-like ``@id`` (node, object or graph reference) or ``@type``
  ("Relative @type reference"), a blank-node predicate, a ``@direction`` (lost without
  ``rdfDirection``), a malformed language tag;
* an element that expansion drops as a whole (free-floating scalar or empty object,
  ``{"@value": null}``, an object with only ``@language``, a top-level object with only
  ``@id``), found by wrapping pyld's ``_expand``.

Contexts are resolved and processed once per process per loader (see
:class:`_ContextState`): each loader has its own caches, so two loaders never share a
URL's meaning, and documents that use ``@import`` are processed in isolation because
pyld merges imports into the shared document in place.
"""

from __future__ import annotations

import functools
import re
import threading
import weakref
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any, cast

from cachetools import LRUCache

from ..errors import CanonicalizationLimitError, JsonLdError, OpenBadgeError, SafeModeError
from ..limits import DEFAULT_LIMITS, Limits
from .loader import DocumentLoader, default_loader, thaw
from .nquads import Quad, iri, literal

_LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*\Z")

#: most resolved contexts (URLs and scoped contexts) kept per loader
CONTEXT_CACHE_SIZE = 256
#: most processed-context results remembered per loader
PROCESSED_CACHE_SIZE = 1024
#: most distinct static documents remembered per loader before starting afresh
MAX_TRUSTED_DOCUMENTS = 1024


@functools.cache
def _pyld() -> ModuleType:
    """``pyld.jsonld``, imported on first use (it takes a few hundred ms to import)."""
    from pyld import jsonld

    return cast(ModuleType, jsonld)


def _is_absolute(value: object) -> bool:
    """pyld's own test (toRdf silently skips anything failing it, e.g. IRIs with spaces)."""
    return isinstance(value, str) and bool(_pyld()._is_absolute_iri(value))


class _NeedsIsolation(Exception):
    """A context uses ``@import``, which pyld processes by mutating shared documents."""


def _contains_import(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            if "@import" in item:
                return True
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


class _ContextState:
    """What pyld may reuse across calls for one loader.

    * ``resolved``: pyld's resolved-context cache (documents and, inside each, their
      processed forms keyed by the active context).
    * ``processed``: results of ``_process_context`` keyed by the identity of the
      (immutable) active context and the local context, so type- and
      property-scoped contexts are processed once per process, not once per node.
      pyld's own cache misses here: a non-propagating (type-scoped) context is
      applied to a fresh clone with a fresh id on every use.
    * ``trusted``: the container objects inside static loader documents, the only
      dicts keyed by identity (a caller's own document could change between calls).

    pyld's ``@import`` merges into the imported document in place, which would poison
    every later call; documents that use it are processed in isolation instead.
    """

    def __init__(self) -> None:
        self.resolved: LRUCache[str, Any] = LRUCache(maxsize=CONTEXT_CACHE_SIZE)
        self.processed: LRUCache[tuple[Any, ...], tuple[Any, Any, Any]] = LRUCache(
            maxsize=PROCESSED_CACHE_SIZE
        )
        self.trusted: dict[int, Any] = {}
        self.scanned: dict[int, Any] = {}
        self.lock = threading.RLock()

    def forget(self) -> None:
        """Drop everything remembered (it is only ever an optimisation)."""
        self.resolved.clear()
        self.processed.clear()
        self.trusted.clear()
        self.scanned.clear()

    def trust(self, document: Any) -> None:
        stack = [document]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                self.trusted[id(item)] = item
                stack.extend(item.values())
            elif isinstance(item, list):
                self.trusted[id(item)] = item
                stack.extend(item)

    def wrap(self, loader: DocumentLoader) -> DocumentLoader:
        def load(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
            remote = loader(url, options or {})
            document = remote.get("document") if isinstance(remote, Mapping) else None
            if id(document) in self.scanned and self.scanned[id(document)] is document:
                return remote
            if _contains_import(document):
                raise _NeedsIsolation(url)
            if remote.get("tag") == "static":
                if len(self.scanned) >= MAX_TRUSTED_DOCUMENTS:  # a loader that never repeats
                    self.forget()
                self.scanned[id(document)] = document
                self.trust(document)
            return remote

        return load


def _isolated_loader(loader: DocumentLoader) -> DocumentLoader:
    def load(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
        remote = loader(url, options or {})
        return {k: v for k, v in remote.items() if k != "tag"} | {
            "document": thaw(remote.get("document"))
        }

    return load


_states: weakref.WeakKeyDictionary[Any, _ContextState] = weakref.WeakKeyDictionary()
_states_lock = threading.Lock()


def _context_state(loader: DocumentLoader) -> _ContextState | None:
    """The reusable pyld state of ``loader`` (None when it cannot be weakly referenced)."""
    with _states_lock:
        try:
            state = _states.get(loader)
            if state is None:
                state = _ContextState()
                _states[loader] = state
            return state
        except TypeError:
            return None


def _local_key(local_ctx: Any, trusted: dict[int, Any]) -> tuple[Any, ...] | None:
    if isinstance(local_ctx, str):
        return ("url", local_ctx)
    if isinstance(local_ctx, list) and all(isinstance(c, str) for c in local_ctx):
        return ("urls", *local_ctx)
    if trusted.get(id(local_ctx)) is local_ctx:
        return ("object", id(local_ctx))
    return None


class _ReuseContexts:
    """Mixin for pyld's processor: remember processed contexts in a :class:`_ContextState`."""

    def __init__(self, state: _ContextState | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.state = state
        #: this call's own context objects (pyld expands a private deep copy of the
        #: document, so they cannot change during the call): without this, a type-scoped
        #: context embedded in the document is re-processed for every node of its type
        self.call_memo: dict[tuple[Any, ...], tuple[Any, Any, Any]] = {}

    def _process_context(
        self,
        active_ctx: Any,
        local_ctx: Any,
        options: Any,
        override_protected: bool = False,
        propagate: bool = True,
        validate_scoped: bool = True,
        cycles: Any = None,
    ) -> Any:
        state = self.state
        if state is None or cycles:  # isolated (@import) processing: no reuse at all
            return super()._process_context(  # type: ignore[misc]
                active_ctx, local_ctx, options, override_protected=override_protected,
                propagate=propagate, validate_scoped=validate_scoped, cycles=cycles,
            )
        key = _local_key(local_ctx, state.trusted)
        memo = state.processed if key is not None else self.call_memo
        memo_key = (id(active_ctx), key or ("call", id(local_ctx)), override_protected,
                    propagate, validate_scoped, options.get("base"),
                    options.get("processingMode"))
        hit = memo.get(memo_key)
        if hit is not None and hit[0] is active_ctx:
            return hit[1]
        result = super()._process_context(  # type: ignore[misc]
            active_ctx, local_ctx, options, override_protected=override_protected,
            propagate=propagate, validate_scoped=validate_scoped, cycles=cycles,
        )
        # keep active_ctx and local_ctx alive so their ids cannot be reused
        memo[memo_key] = (active_ctx, result, local_ctx)
        return result


class _SafeMode(_ReuseContexts):
    """Mixin for pyld's processor: raise SafeModeError instead of dropping data."""

    def __init__(self, state: _ContextState | None) -> None:
        super().__init__(state, on_property_dropped=self._dropped)

    @staticmethod
    def _dropped(expanded: str | None) -> None:
        if expanded is None:
            raise SafeModeError(
                "JSON-LD safe mode: a property expands to nothing (mapped to null or "
                "keyword-like) and would be dropped",
                term=None,
            )
        raise SafeModeError(
            f"JSON-LD safe mode: property {expanded!r} is not defined by any context "
            "(it does not expand to an absolute IRI) and would be dropped",
            term=expanded,
        )

    def _expand(
        self,
        active_ctx: Any,
        active_property: Any,
        element: Any,
        options: Any,
        inside_list: bool = False,
        inside_index: bool = False,
        type_scoped_ctx: Any = None,
    ) -> Any:
        result = super()._expand(  # type: ignore[misc]
            active_ctx,
            active_property,
            element,
            options,
            inside_list=inside_list,
            inside_index=inside_index,
            type_scoped_ctx=type_scoped_ctx,
        )
        if result is None and element is not None:
            where = f"property {active_property!r}" if active_property else "the top level"
            raise SafeModeError(
                f"JSON-LD safe mode: a value at {where} would be dropped by expansion "
                f"(free-floating or empty value: {_preview(element)})",
                term=active_property,
            )
        return result


@functools.cache
def _processor_classes() -> tuple[type[Any], type[Any]]:
    """(plain, safe) pyld processors with context reuse, built on first use."""
    base = _pyld().JsonLdProcessor
    plain = type("ReusingProcessor", (_ReuseContexts, base), {})
    safe = type("SafeProcessor", (_SafeMode, base), {})
    return plain, safe


def _preview(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _check_id(value: Any, where: str) -> None:
    if not isinstance(value, str) or not (value.startswith("_:") or _is_absolute(value)):
        raise SafeModeError(
            f"JSON-LD safe mode: relative @id reference {value!r} at {where} "
            "(not an absolute IRI and the base IRI is null, so it would be dropped)",
            term=value if isinstance(value, str) else None,
        )


def _check_value(value: dict[str, Any], where: str) -> None:
    if "@direction" in value:
        raise SafeModeError(
            f"JSON-LD safe mode: @direction at {where} has no RDF form here and would "
            "be lost",
            term=where,
        )
    language = value.get("@language")
    if language is not None and (
        not isinstance(language, str) or _LANGUAGE_TAG.match(language) is None
    ):
        raise SafeModeError(
            f"JSON-LD safe mode: invalid @language value {language!r} at {where}",
            term=where,
        )


def _check_expanded(expanded: list[Any]) -> None:
    """Walk pyld's expanded output and refuse what toRdf would drop."""
    stack: list[tuple[Any, str]] = [(item, "the top level") for item in expanded]
    while stack:
        item, where = stack.pop()
        if isinstance(item, list):
            stack.extend((x, where) for x in item)
            continue
        if not isinstance(item, dict):
            raise SafeModeError(
                f"JSON-LD safe mode: free-floating value {_preview(item)} at {where}",
                term=where,
            )
        if "@value" in item:
            _check_value(item, where)
            continue
        if "@list" in item:
            stack.extend((x, where) for x in item["@list"])
            continue
        for key, values in item.items():
            if key == "@id":
                for v in values if isinstance(values, list) else [values]:
                    _check_id(v, where)
            elif key == "@type":
                for t in values:
                    if not isinstance(t, str) or not (t.startswith("_:") or _is_absolute(t)):
                        raise SafeModeError(
                            f"JSON-LD safe mode: Relative @type reference {t!r} at {where} "
                            "(the type is not defined by any context)",
                            term=t if isinstance(t, str) else None,
                        )
            elif key in ("@graph", "@included"):
                stack.extend((x, key) for x in values)
            elif key == "@reverse":
                for prop, rvalues in values.items():
                    _check_property(prop)
                    stack.extend((x, prop) for x in rvalues)
            elif key.startswith("@"):  # @index and other keywords carry no triples
                continue
            else:
                _check_property(key)
                stack.extend((x, key) for x in values)


def _check_property(prop: str) -> None:
    if prop.startswith("_:"):
        raise SafeModeError(
            f"JSON-LD safe mode: property {prop!r} is a blank node, which RDF does not "
            "allow as a predicate",
            term=prop,
        )
    if not _is_absolute(prop):
        raise SafeModeError(
            f"JSON-LD safe mode: property {prop!r} does not expand to an absolute IRI",
            term=prop,
        )


def _origin(exc: BaseException) -> OpenBadgeError | _NeedsIsolation | None:
    """Our own exception somewhere in the cause chain of a pyld exception, if any."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, (OpenBadgeError, _NeedsIsolation)):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _pyld_message(exc: BaseException) -> str:
    pyld_error = _pyld().JsonLdError
    if isinstance(exc, pyld_error):
        parts = [str(exc.args[0]) if exc.args else "JSON-LD error"]
        if exc.code:
            parts.append(f"({exc.code})")
        cause = exc.__cause__
        while isinstance(cause, pyld_error):
            parts.append("<- " + str(cause.args[0] if cause.args else ""))
            if cause.code:
                parts.append(f"({cause.code})")
            cause = cause.__cause__
        return " ".join(parts)
    return f"{type(exc).__name__}: {exc}"


def _term(node: Mapping[str, Any]) -> str:
    kind = node["type"]
    value = node["value"]
    if kind == "IRI":
        return iri(value)
    if kind == "blank node":
        return cast(str, value)
    return literal(value, node.get("datatype"), node.get("language"))


def expand(
    document: Any,
    *,
    loader: DocumentLoader | None = None,
    base: str | None = None,
    processing_mode: str = "json-ld-1.1",
) -> list[Any]:
    """Expand ``document`` with pyld in safe mode; returns pyld's expanded form.

    ``base`` is the document base IRI (``None``, the default, as VC Data Integrity
    requires: relative IRIs are then errors).  Raises SafeModeError,
    ContextNotAllowedError, or JsonLdError for invalid JSON-LD.
    """
    expanded, _ = _process(
        document, loader, base, processing_mode, safe=True, rdf=False, limits=DEFAULT_LIMITS
    )
    return expanded


def _process(
    document: Any,
    loader: DocumentLoader | None,
    base: str | None,
    processing_mode: str,
    *,
    safe: bool,
    rdf: bool,
    limits: Limits,
) -> tuple[list[Any], list[Quad] | None]:
    """Expansion (and toRdf when ``rdf``) with reuse of processed contexts if possible."""
    doc_loader = loader if loader is not None else default_loader()
    state = _context_state(doc_loader)
    if state is not None and not _contains_import(document):
        with state.lock:
            try:
                return _process_once(
                    document, state.wrap(doc_loader), state, base, processing_mode, safe, rdf,
                    limits,
                )
            except _NeedsIsolation:
                pass
    return _process_once(
        document, _isolated_loader(doc_loader), None, base, processing_mode, safe, rdf, limits
    )


_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDF_TYPE = iri(_RDF + "type")
_RDF_FIRST = iri(_RDF + "first")
_RDF_REST = iri(_RDF + "rest")
_RDF_NIL = iri(_RDF + "nil")


class _QuadWriter:
    """JSON-LD 1.1 "Deserialize JSON-LD to RDF" straight from pyld's expanded form.

    Emits the same dataset as pyld's node map + ``_graph_to_rdf`` (the node map only
    merges statements, and a dataset is a set), but in linear time: pyld's node map
    checks every new value against all earlier values of the property, which makes a
    property with n values cost n**2 (4,000 values took 7 s).  Literals are still
    made by pyld's ``_object_to_rdf`` so numbers and ``@json`` are written exactly as
    pyld writes them.  Statements whose subject, predicate, object or graph name is
    not an absolute IRI or blank node are skipped, as toRdf requires (safe mode has
    refused those already).
    """

    def __init__(self, processor: Any, options: dict[str, Any], limits: Limits) -> None:
        self.processor = processor
        self.options = options
        self.limit = limits.max_quads
        self.issuer = _pyld().IdentifierIssuer("_:b")
        self.quads: dict[Quad, None] = {}

    def write(self, expanded: list[Any]) -> list[Quad]:
        for item in expanded:
            if isinstance(item, dict) and "@value" not in item and "@list" not in item:
                self.node(item, "")
        return list(self.quads)

    def emit(self, s: str | None, p: str | None, o: str | None, g: str) -> None:
        if s is None or p is None or o is None:
            return
        self.quads[(s, p, o, g)] = None
        if len(self.quads) > self.limit:
            raise CanonicalizationLimitError(
                f"JSON-LD document produces more than {self.limit} quads (limits.max_quads)",
            )

    def ref(self, value: Any) -> str | None:
        """The term for an @id or @type value: relabelled blank node, IRI, or None."""
        if not isinstance(value, str):
            return None
        if value.startswith("_:"):
            return cast(str, self.issuer.get_id(value))
        return iri(value) if _is_absolute(value) else None

    @staticmethod
    def predicate(key: str) -> str | None:
        if key.startswith("_:") or not _is_absolute(key):  # no generalized RDF
            return None
        return iri(key)

    def node(self, node: dict[str, Any], graph: str) -> str | None:
        """Write a node object's statements into ``graph``; returns its term."""
        fresh = "@id" not in node
        subject = cast(str, self.issuer.get_id()) if fresh else self.ref(node["@id"])
        for value in node.get("@type", ()):
            self.emit(subject, _RDF_TYPE, self.ref(value), graph)
        for key, values in node.items():
            if key == "@graph":
                if subject is not None:
                    for item in values:
                        if isinstance(item, dict) and "@value" not in item and "@list" not in item:
                            self.node(item, subject)
            elif key == "@included":
                for item in values:
                    self.node(item, graph)
            elif key == "@reverse":
                for prop, items in values.items():
                    predicate = self.predicate(prop)
                    for item in items:
                        self.emit(self.node(item, graph), predicate, subject, graph)
            elif not key.startswith("@"):
                predicate = self.predicate(key)
                for item in values:
                    self.emit(subject, predicate, self.object(item, graph), graph)
        return subject

    def object(self, item: Any, graph: str) -> str | None:
        if isinstance(item, dict) and "@value" in item:
            converted = self.processor._object_to_rdf(item, self.issuer, [], self.options)
            return None if converted is None else _term(converted)
        if isinstance(item, dict) and "@list" in item:
            return self.list(item["@list"], graph)
        if isinstance(item, dict):
            return self.node(item, graph)
        return None

    def list(self, items: list[Any], graph: str) -> str:
        if not items:
            return _RDF_NIL
        head = cell = cast(str, self.issuer.get_id())
        for index, item in enumerate(items):
            self.emit(cell, _RDF_FIRST, self.object(item, graph), graph)
            rest = _RDF_NIL if index == len(items) - 1 else cast(str, self.issuer.get_id())
            self.emit(cell, _RDF_REST, rest, graph)
            cell = rest
        return head


def _context_resolver(cache: LRUCache[str, Any], loader: DocumentLoader) -> Any:
    from pyld.context_resolver import ContextResolver

    return ContextResolver(cache, loader)


def _process_once(
    document: Any,
    doc_loader: DocumentLoader,
    state: _ContextState | None,
    base: str | None,
    processing_mode: str,
    safe: bool,
    rdf: bool,
    limits: Limits,
) -> tuple[list[Any], list[Quad] | None]:
    resolved = state.resolved if state is not None else LRUCache(maxsize=CONTEXT_CACHE_SIZE)
    options: dict[str, Any] = {
        "base": base,
        "documentLoader": doc_loader,
        "contextResolver": _context_resolver(resolved, doc_loader),
        "processingMode": processing_mode,
        "produceGeneralizedRdf": False,
    }
    plain, safe_processor = _processor_classes()
    processor = safe_processor(state) if safe else plain(state)
    expanded = cast(list[Any], _run(lambda: processor.expand(document, options)))
    if safe:
        _check_expanded(expanded)
    if not rdf:
        return expanded, None

    return expanded, cast(
        list[Quad], _run(lambda: _QuadWriter(processor, options, limits).write(expanded))
    )


def _run(action: Callable[[], Any]) -> Any:
    try:
        return action()
    except (OpenBadgeError, _NeedsIsolation):
        raise
    except RecursionError:
        raise JsonLdError(
            "JSON-LD document is nested too deeply to process", code="jsonld_too_deep"
        ) from None
    except Exception as exc:  # pyld raises many kinds; none may escape raw
        own = _origin(exc)
        if own is not None:
            raise own from None
        raise JsonLdError(f"JSON-LD processing failed: {_pyld_message(exc)}") from exc


def to_rdf(
    document: Any,
    *,
    loader: DocumentLoader | None = None,
    limits: Limits = DEFAULT_LIMITS,
    base: str | None = None,
    processing_mode: str = "json-ld-1.1",
    safe: bool = True,
) -> list[Quad]:
    """The RDF dataset of a JSON-LD document as quads in canonical term form.

    Runs expansion (safe mode unless ``safe=False``) and JSON-LD toRdf without
    generalized RDF.  Blank nodes are labelled ``_:b0, _:b1, ...`` (not canonical: pass
    the result to :func:`.canonical.canonicalize`).  Raises SafeModeError,
    ContextNotAllowedError, JsonLdError, or CanonicalizationLimitError when the
    dataset has more than ``limits.max_quads`` quads.
    """
    _, quads = _process(
        document, loader, base, processing_mode, safe=safe, rdf=True, limits=limits
    )
    assert quads is not None
    return quads
