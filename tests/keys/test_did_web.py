"""did:web: URL mapping (NOTES 3.3), and resolution against a real server on 127.0.0.1."""

from __future__ import annotations

import pytest

from openbadge_kit.errors import ResolutionError
from openbadge_kit.keys.did_web import did_web_to_url


@pytest.mark.parametrize(("did", "url"), [
    ("did:web:w3c-ccg.github.io", "https://w3c-ccg.github.io/.well-known/did.json"),
    ("did:web:w3c-ccg.github.io:user:alice", "https://w3c-ccg.github.io/user/alice/did.json"),
    ("did:web:example.com%3A3000:user:alice", "https://example.com:3000/user/alice/did.json"),
    ("did:web:digitalcredentials.github.io:dcc-did-web:multikey",
     "https://digitalcredentials.github.io/dcc-did-web/multikey/did.json"),
])
def test_did_web_url_mapping_examples(did: str, url: str) -> None:
    assert did_web_to_url(did) == url


@pytest.mark.parametrize("did", [
    "did:web:", "did:web:exa mple.com", "did:web:example.com:..:secret",
    "did:web:example.com%2Fevil", "did:web:user@example.com", "did:web:example.com%3A99999",
    "did:web:example.com/path", "did:key:z6Mk", "did:web:example.com::x",
])
def test_did_web_url_mapping_refuses_malformed(did: str) -> None:
    with pytest.raises(ResolutionError):
        did_web_to_url(did)
