"""The fast path / reference path comparison shared by the differential and fuzz tests."""

from __future__ import annotations

import copy
from typing import Any

from openbadge_kit.errors import OpenBadgeError
from openbadge_kit.jsonld import fast
from openbadge_kit.jsonld.canonical import canonicalize
from openbadge_kit.jsonld.to_rdf import to_rdf


def reference(doc: Any) -> tuple[str | None, OpenBadgeError | None]:
    """The reference path's canonical N-Quads of ``doc``, or the error it refuses with."""
    try:
        return canonicalize(to_rdf(copy.deepcopy(doc))).text, None
    except OpenBadgeError as exc:
        return None, exc


def assert_paths_agree(doc: Any) -> bool:
    """Assert the fast path agrees with the reference path; True when it answered.

    The fast path may decline (``None``) anything; when it answers, its canonical N-Quads
    must be byte-identical to the reference's, it must not answer what the reference
    refuses, and it must leave its input unchanged.
    """
    expected, error = reference(doc)
    before = copy.deepcopy(doc)
    quads = fast.to_quads(doc)
    assert doc == before, "the fast path changed its input"
    if error is not None:
        assert quads is None, f"reference refused ({error!r}) but the fast path answered"
        return False
    if quads is None:
        return False
    assert canonicalize(quads).text == expected
    return True
