"""Shared set-up of the corpus tests: the vectors folder, its offline resources, clocks.

``tests/vectors/offline-resources.json`` maps status list URLs and did:web DIDs to local
files; the corpus tests hand those to the verifier as a status-list mapping and as DID
documents, so every vector is checked offline exactly as an employer with a local cache
would check it.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any

from openbadge_kit.verify import verify
from openbadge_kit.verify.report import CheckStatus, VerificationReport

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
RESOURCES = json.loads((VECTORS / "offline-resources.json").read_text("utf-8"))

#: the fixed clock of the DCC and 1EdTech corpus tests: after every fixture's proof was
#: created (the newest, 2026-01-23) and before the 2030 expiry of the "notExpired" ones
CORPUS_NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)


@cache
def status_lists() -> dict[str, Path]:
    """Status list URL -> local file, from offline-resources.json."""
    return {url: VECTORS / entry["file"] for url, entry in RESOURCES["statusLists"].items()}


#: folders whose samples use the 1EdTech "<issuer URL>#<publicKeyMultibase>" convention
FRAGMENT_KEY_FOLDERS = ("1edtech-dc-public-validator", "spec-examples",
                        "1edtech-ob3-spec-test-vectors")
_FRAGMENT_VM = re.compile(r'"verificationMethod":\s*"(https://[^"#]+)#(z6Mk[1-9A-HJ-NP-Za-km-z]+)"')


@cache
def published_test_issuer_keys() -> dict[str, Any]:
    """Controller documents for the test issuers of the 1EdTech samples.

    Those samples name their key only inside the verification method id
    (``https://example.edu/issuers/565049#z6Mk...``), which anyone could write; a verifier
    confirms such a key only from the issuer's own published controller document. The
    samples' issuers publish none, so these are constructed for the tests: each lists the
    Ed25519 keys that signed that issuer's samples, as an employer who holds the issuer's
    published keys would have them. Garbled fragments (the ``simple-err-proof-method*``
    samples) decode to no key and are left out.
    """
    from openbadge_kit.errors import KeyFormatError
    from openbadge_kit.keys.ed25519 import public_key_from_multikey
    from openbadge_kit.keys.publish import controller_document

    keys: dict[str, dict[str, Any]] = {}
    for folder in FRAGMENT_KEY_FOLDERS:
        for path in sorted((VECTORS / folder).rglob("*.json")):
            for controller, fragment in _FRAGMENT_VM.findall(path.read_text("utf-8")):
                try:
                    keys.setdefault(controller, {})[fragment] = public_key_from_multikey(
                        fragment)
                except KeyFormatError:
                    continue
    return {controller: controller_document(controller, fragments)
            for controller, fragments in keys.items()}


@cache
def did_documents() -> dict[str, Any]:
    """DID -> DID document (did:web, from offline-resources.json), plus the controller
    documents of the 1EdTech test issuers (:func:`published_test_issuer_keys`)."""
    docs = {did: json.loads((VECTORS / file).read_text("utf-8"))
            for did, file in RESOURCES["didWeb"].items()}
    docs.update(published_test_issuer_keys())
    return docs


def expectations(folder: str) -> list[dict[str, Any]]:
    """The entries of ``tests/vectors/<folder>/expectations.json``."""
    data = json.loads((VECTORS / folder / "expectations.json").read_text("utf-8"))
    entries: list[dict[str, Any]] = data["entries"]
    return entries


def verify_vector(folder: str, file: str, *, now: datetime = CORPUS_NOW,
                  **kwargs: Any) -> VerificationReport:
    """Verify one vector offline with the local status lists and DID documents."""
    return verify(VECTORS / folder / file, now=now, status_lists=status_lists(),
                  did_documents=did_documents(), **kwargs)


def outcome(report: VerificationReport, check: str) -> list[tuple[CheckStatus, str]]:
    """``(status, code)`` of every result of one check."""
    return [(c.status, c.code) for c in report.checks if c.check == check]


def proof_verdict(report: VerificationReport) -> str:
    """``valid``, ``invalid`` or ``not_checked`` for the report's proofs as a whole."""
    results = outcome(report, "proof")
    if any(s is CheckStatus.PASSED for s, _ in results):
        return "valid"
    if results and all(s is CheckStatus.NOT_CHECKED for s, _ in results):
        return "not_checked"
    return "invalid"


def no_internal_errors(report: VerificationReport) -> bool:
    """True when no check (at any endorsement level) hit an unexpected exception."""
    if any(c.code == "internal.unexpected_error" for c in report.checks):
        return False
    return all(no_internal_errors(e) for e in report.endorsements)
