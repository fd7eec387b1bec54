"""JSON-LD to RDF quads, the reference path (pyld), in safe mode.

``to_rdf(document)`` expands a JSON-LD document with pyld (base IRI null, offline
loader, JSON-LD 1.1), refuses anything that expansion or toRdf would silently lose, and
turns the dataset into quads whose terms are written by :mod:`.nquads` (pyld's own
serializer escapes the URDNA2015-era set of characters, not RDFC-1.0's).

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

Contexts are resolved and processed once per process per loader: each loader gets its
own pyld resolved-context cache (so two loaders never share a URL's meaning), and the
bundled documents are tagged ``static`` so pyld reuses their processed form.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Mapping
from typing import Any, cast

from cachetools import LRUCache
from pyld import jsonld as pyld_jsonld
from pyld.context_resolver import ContextResolver

from ..errors import CanonicalizationLimitError, JsonLdError, OpenBadgeError, SafeModeError
from ..limits import DEFAULT_LIMITS, Limits
from .loader import DocumentLoader, default_loader
from .nquads import Quad, iri, literal

_LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*\Z")
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")

#: most contexts (URLs and scoped contexts) kept processed per loader
CONTEXT_CACHE_SIZE = 256

_caches: weakref.WeakKeyDictionary[Any, LRUCache[str, Any]] = weakref.WeakKeyDictionary()


def _is_absolute(value: object) -> bool:
    return isinstance(value, str) and _ABSOLUTE_IRI.match(value) is not None


def _context_cache(loader: DocumentLoader) -> LRUCache[str, Any]:
    """The pyld resolved-context cache that belongs to ``loader`` (made on first use)."""
    try:
        cache = _caches.get(loader)
        if cache is None:
            cache = LRUCache(maxsize=CONTEXT_CACHE_SIZE)
            _caches[loader] = cache
        return cache
    except TypeError:  # a loader that cannot be weakly referenced: no reuse across calls
        return LRUCache(maxsize=CONTEXT_CACHE_SIZE)


class _SafeProcessor(pyld_jsonld.JsonLdProcessor):  # type: ignore[misc]
    """A pyld processor that raises SafeModeError instead of dropping data."""

    def __init__(self) -> None:
        super().__init__(on_property_dropped=self._dropped)

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
        result = super()._expand(
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


def _preview(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _check_id(value: Any, where: str) -> None:
    if not isinstance(value, str) or not (value.startswith("_:") or _is_absolute(value)):
        raise SafeModeError(
            f"JSON-LD safe mode: relative @id reference {value!r} at {where} "
            "(base IRI is null, so it would be dropped)",
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


def _origin(exc: BaseException) -> OpenBadgeError | None:
    """Our own error somewhere in the cause chain of a pyld exception, if any."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, OpenBadgeError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _pyld_message(exc: BaseException) -> str:
    if isinstance(exc, pyld_jsonld.JsonLdError):
        parts = [str(exc.args[0]) if exc.args else "JSON-LD error"]
        if exc.code:
            parts.append(f"({exc.code})")
        cause = exc.__cause__
        while isinstance(cause, pyld_jsonld.JsonLdError):
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
    processor, options = _prepare(loader, base, processing_mode, True)
    return cast(list[Any], _run(lambda: processor.expand(document, options), check=True))


def _prepare(
    loader: DocumentLoader | None, base: str | None, processing_mode: str, safe: bool
) -> tuple[Any, dict[str, Any]]:
    doc_loader = loader if loader is not None else default_loader()
    options: dict[str, Any] = {
        "base": base,
        "documentLoader": doc_loader,
        "contextResolver": ContextResolver(_context_cache(doc_loader), doc_loader),
        "processingMode": processing_mode,
        "produceGeneralizedRdf": False,
    }
    return (_SafeProcessor() if safe else pyld_jsonld.JsonLdProcessor()), options


def _run(action: Callable[[], Any], *, check: bool) -> Any:
    try:
        result = action()
    except OpenBadgeError:
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
    if check:
        _check_expanded(result)
    return result


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
    processor, options = _prepare(loader, base, processing_mode, safe)
    expanded = _run(lambda: processor.expand(document, options), check=safe)

    def build() -> dict[str, list[dict[str, Any]]]:
        issuer = pyld_jsonld.IdentifierIssuer("_:b")
        node_map: dict[str, Any] = {"@default": {}}
        processor._create_node_map(expanded, node_map, "@default", issuer)
        dataset: dict[str, list[dict[str, Any]]] = {}
        for graph_name, graph in sorted(node_map.items()):
            if graph_name == "@default" or pyld_jsonld._is_absolute_iri(graph_name):
                dataset[graph_name] = processor._graph_to_rdf(graph, issuer, options)
        return dataset

    dataset = _run(build, check=False)
    quads: list[Quad] = []
    for graph_name, triples in dataset.items():
        if graph_name == "@default":
            graph = ""
        elif graph_name.startswith("_:"):
            graph = graph_name
        else:
            graph = iri(graph_name)
        for triple in triples:
            if triple["object"] is None:  # a list item pyld dropped (relative IRI)
                continue
            quads.append(
                (_term(triple["subject"]), _term(triple["predicate"]),
                 _term(triple["object"]), graph)
            )
        if len(quads) > limits.max_quads:
            raise CanonicalizationLimitError(
                f"JSON-LD document produces more than {limits.max_quads} quads "
                "(limits.max_quads)",
            )
    return quads
