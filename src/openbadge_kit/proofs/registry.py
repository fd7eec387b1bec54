"""Which embedded proof suites this library accepts, and under what names.

An allow-list, not an if-chain: a proof is verified only when its ``type`` (and for
``DataIntegrityProof`` its ``cryptosuite``) is listed here.  Legacy names are accepted
on input and reported as such; signing always uses the current names.
"""

from __future__ import annotations

from typing import Any, NamedTuple

DATA_INTEGRITY = "DataIntegrityProof"
ED25519_2020 = "Ed25519Signature2020"
ED25519_2020_CONTEXT = "https://w3id.org/security/suites/ed25519-2020/v1"


class SuiteSpec(NamedTuple):
    """One accepted embedded-proof suite."""

    # a NamedTuple rather than a frozen dataclass: the class is built on every cold start,
    # and a dataclass's generated methods cost ~0.5 ms each time (issue #7)
    name: str  #: reported name, e.g. "DataIntegrityProof/eddsa-rdfc-2022"
    proof_type: str
    cryptosuite: str | None
    #: the current name this legacy name stands for (None when current)
    legacy_of: str | None = None


SUITES: tuple[SuiteSpec, ...] = (
    SuiteSpec("DataIntegrityProof/eddsa-rdfc-2022", DATA_INTEGRITY, "eddsa-rdfc-2022"),
    # pre-2023 name of the same algorithm (accepted by the 1EdTech validator)
    SuiteSpec("DataIntegrityProof/eddsa-2022", DATA_INTEGRITY, "eddsa-2022",
              legacy_of="eddsa-rdfc-2022"),
    # the spelling used in OB 3.0 spec examples (NOTES 10.2)
    SuiteSpec("DataIntegrityProof/eddsa-rdf-2022", DATA_INTEGRITY, "eddsa-rdf-2022",
              legacy_of="eddsa-rdfc-2022"),
    SuiteSpec(ED25519_2020, ED25519_2020, None),
)

#: names accepted by ``sign(suite=...)``
SIGNING_SUITES = {
    "eddsa-rdfc-2022": SUITES[0],
    "DataIntegrityProof": SUITES[0],
    "Ed25519Signature2020": SUITES[3],
    "ed25519-2020": SUITES[3],
}


def suite_for(proof: dict[str, Any]) -> SuiteSpec | None:
    """The accepted suite a proof object declares, or None when it is not accepted."""
    proof_type = proof.get("type")
    cryptosuite = proof.get("cryptosuite")
    for spec in SUITES:
        if spec.proof_type == proof_type and spec.cryptosuite == cryptosuite:
            return spec
    return None
