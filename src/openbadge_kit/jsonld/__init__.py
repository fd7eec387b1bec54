"""JSON-LD for credentials: offline context loading, JSON-LD to RDF, RDFC-1.0.

Shared representation (the contract between ``to_rdf``, the fast path and
``canonical``): a *quad* is a 4-tuple of strings ``(subject, predicate, object, graph)``,
each already written as its canonical N-Quads term: ``<iri>``, ``_:label``, or a literal
``"escaped"``, ``"escaped"@lang`` or ``"escaped"^^<datatype>`` (no datatype for
xsd:string); ``graph`` is ``""`` for the default graph.
"""

from .canonize import canonize

__all__ = ["canonize"]
