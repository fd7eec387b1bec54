"""Default resource limits: the bounded work promised on hostile input.

Every public entry point that reads untrusted data takes an optional ``limits``
argument; ``DEFAULT_LIMITS`` applies when it is omitted.  Change a limit with
``dataclasses.replace(DEFAULT_LIMITS, max_json_bytes=...)``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Size, depth and work limits applied to untrusted input."""

    #: largest JSON credential (or JWT) accepted, in bytes
    max_json_bytes: int = 2 * 1024 * 1024
    #: deepest JSON nesting accepted (objects + arrays)
    max_json_depth: int = 64
    #: largest badge image accepted, in bytes
    max_image_bytes: int = 16 * 1024 * 1024
    #: largest credential payload inside an image, in bytes (checked before reading it)
    max_payload_bytes: int = 2 * 1024 * 1024
    #: most RDF quads one document may produce
    max_quads: int = 200_000
    #: RDFC-1.0 work budget, counted in Hash N-Degree Quads calls and permutations:
    #: max(canon_min_deep_iterations, min(k ** canon_work_factor, 100_000)) where k is the
    #: number of blank nodes whose first-degree hash is not unique (0 for a typical badge)
    canon_work_factor: int = 2
    #: floor of that budget, so a few identical objects never fail; set it above 100,000
    #: to allow more work than the ceiling
    canon_min_deep_iterations: int = 64
    #: how deep endorsements of endorsements are followed
    max_endorsement_depth: int = 3
    #: most endorsements verified in one report (all levels together)
    max_endorsements: int = 100
    #: largest decompressed status list, in bytes (16 KiB is the spec minimum)
    max_status_list_bytes: int = 16 * 1024 * 1024
    #: network timeout in seconds (only when the caller allowed network access)
    network_timeout: float = 10.0
    #: largest network response accepted, in bytes
    max_network_bytes: int = 2 * 1024 * 1024


DEFAULT_LIMITS = Limits()
