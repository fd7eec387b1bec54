"""``canonize``: the RDFC-1.0 canonical N-Quads of a JSON-LD document, in safe mode.

This is what Data Integrity proofs hash.  The document becomes quads by the compiled
fast path when it covers the document, otherwise by the pyld reference path
(:mod:`.to_rdf`); either way the quads are canonicalized by :mod:`.canonical`.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ..limits import DEFAULT_LIMITS, Limits
from .canonical import canonicalize
from .fast import to_quads as fast_to_quads
from .loader import DocumentLoader, default_loader
from .nquads import Quad


def _fast_quads(
    document: Any, *, limits: Limits, loader: DocumentLoader | None
) -> list[Quad] | None:
    """The single hook for the compiled fast path (``jsonld/fast.py``, issue #7).

    Returns the document's quads when the fast path covers it (it must produce the
    same dataset as :func:`.to_rdf.to_rdf`), or ``None`` to fall back to the reference
    path, which also reports every safe-mode error.  The fast path knows only the
    bundled contexts, so a caller's own loader always takes the reference path.
    """
    if loader is not None and loader is not default_loader():
        return None
    return fast_to_quads(document, limits=limits)


def document_quads(
    document: Any, *, limits: Limits = DEFAULT_LIMITS, loader: DocumentLoader | None = None
) -> list[Quad]:
    """The (not yet canonical) quads of ``document``: fast path first, then pyld."""
    quads = _fast_quads(document, limits=limits, loader=loader)
    if quads is None:
        from .to_rdf import to_rdf  # imports pyld: only when the fast path declines

        quads = to_rdf(document, loader=loader, limits=limits)
    return quads


def canonize(
    document: Any, *, limits: Limits = DEFAULT_LIMITS, loader: DocumentLoader | None = None
) -> str:
    """The RDFC-1.0 canonical N-Quads of a JSON-LD document (safe mode, offline).

    ``loader`` defaults to the offline loader over the bundled contexts.  Raises
    :class:`~openbadge_kit.errors.SafeModeError` naming a term that would be dropped,
    :class:`~openbadge_kit.errors.ContextNotAllowedError` naming an unknown context
    URL, :class:`~openbadge_kit.errors.CanonicalizationLimitError` on a poison or
    oversized dataset, or :class:`~openbadge_kit.errors.JsonLdError` for invalid
    JSON-LD.
    """
    return canonicalize(document_quads(document, limits=limits, loader=loader),
                        limits=limits).text


def canonize_hash(
    document: Any, *, limits: Limits = DEFAULT_LIMITS, loader: DocumentLoader | None = None
) -> bytes:
    """SHA-256 digest of :func:`canonize`'s UTF-8 output (32 bytes)."""
    return hashlib.sha256(canonize(document, limits=limits, loader=loader).encode("utf-8")).digest()
