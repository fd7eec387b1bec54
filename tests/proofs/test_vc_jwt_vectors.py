"""The 1EdTech validator's VC-JWT samples (tests/vectors/1edtech-dc-public-validator).

Upstream marks simple-jwt.png/svg and clr20/simple.jwt VALID and the ``_v1`` images VALID
with warnings: RS256 with the key inline in a ``jwk`` header. Their signatures verify here
too; but an inline key only counts once it is shown to be the issuer's (issue #3), so offline
and without the issuer's JWKS the outcome is "signature valid, key not bound to the issuer",
and with the issuer's JWKS given offline they verify. ``ob30/simple.jwt`` names no key at
all; its issuer's keys are only online, so the outcome is "network disabled", not "invalid".
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from openbadge_kit.bake import unbake
from openbadge_kit.keys.resolvers import JwksResolver, default_resolver
from openbadge_kit.proofs import vc_jwt

FOLDER = Path(__file__).resolve().parents[1] / "vectors" / "1edtech-dc-public-validator"
NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
EXPECTATIONS = {e["file"]: e for e in json.loads(
    (FOLDER / "expectations.json").read_text())["entries"]}

BAKED = ["ob30/simple-jwt.png", "ob30/simple-jwt.svg", "ob30/simple-jwt_v1.png",
         "ob30/simple-jwt_v1.svg"]


def token_of(rel: str) -> str:
    if rel.endswith(".jwt"):
        return (FOLDER / rel).read_text().strip()
    extracted = unbake(FOLDER / rel)
    assert extracted.payload_kind == "jwt"
    payload = extracted.payload
    return payload if isinstance(payload, str) else bytes(payload).decode("ascii")


def issuer_jwks(token: str) -> dict[str, Any]:
    """The issuer's /.well-known/jwks.json as the issuer would publish it, built offline."""
    header, payload = vc_jwt.decode_unverified(token)
    issuer = payload["iss"]
    origin = "/".join(issuer.split("/")[:3])
    return {f"{origin}/.well-known/jwks.json": {"keys": [header["jwk"]]}}


@pytest.mark.parametrize("rel", [*BAKED, "clr20/simple.jwt"])
def test_inline_key_samples_verify_their_signature_but_need_the_issuer_binding(rel: str) -> None:
    expected = EXPECTATIONS[rel]
    assert expected["source_expects"]["outcome"] in ("VALID", "VALID_WITH_WARNINGS")
    token = token_of(rel)
    header, _ = vc_jwt.decode_unverified(token)
    assert header["alg"] == expected["reference_check"]["alg"] == "RS256"
    assert "jwk" in header and "kid" not in header

    offline = vc_jwt.verify(token, resolver=default_resolver(), now=NOW)
    assert not offline.result.ok
    assert offline.result.code == "proof.key_not_bound_to_issuer"
    assert offline.result.details["signatureValid"] is True
    assert offline.result.details["binding"] == "proof.network_disabled"

    bound = vc_jwt.verify(token, resolver=JwksResolver(issuer_jwks(token)), now=NOW)
    assert bound.result.ok, bound.result
    assert bound.claim_problems == []
    assert bound.form == ("vc1" if "_v1" in rel or rel.startswith("clr20") else "ob")
    assert bound.credential is not None
    assert bound.credential["issuer"]["id"] == vc_jwt.decode_unverified(token)[1]["iss"]


@pytest.mark.parametrize("rel", BAKED)
def test_tampering_with_a_sample_breaks_its_signature(rel: str) -> None:
    token = token_of(rel)
    h, p, s = token.split(".")
    flipped = p[:-2] + ("A" if p[-2] != "A" else "B") + p[-1]
    checked = vc_jwt.verify(f"{h}.{flipped}.{s}", resolver=JwksResolver(issuer_jwks(token)),
                            now=NOW)
    assert checked.result.code in ("proof.signature_invalid", "proof.jwt_malformed")
    assert not checked.result.ok


def test_ob30_simple_jwt_needs_the_network_and_is_not_called_invalid() -> None:
    token = token_of("ob30/simple.jwt")
    assert EXPECTATIONS["ob30/simple.jwt"]["reference_check"]["jws"] == "no-embedded-jwk"
    checked = vc_jwt.verify(token, resolver=default_resolver(), now=NOW)
    assert not checked.result.ok
    assert checked.result.code == "proof.network_disabled"
    assert checked.form == "vc1"
    assert "neither kid nor jwk" in checked.result.details["note"]


def test_velocity_jwt_key_is_unresolved_offline() -> None:
    checked = vc_jwt.verify(token_of("ob30/velocity.jwt"), resolver=default_resolver(), now=NOW)
    assert EXPECTATIONS["ob30/velocity.jwt"]["source_expects"]["outcome"] == "INVALID"
    assert not checked.result.ok
    assert checked.result.code == "proof.key_unresolved"  # did:velocity is not a known method
