"""Fuzzing the VC-JWT parser and verifier with forged headers, payloads and signatures.

Properties: ``decode_unverified`` raises only ``OpenBadgeError``; ``vc_jwt.verify`` never
raises and never lands in its catch-all ("failed unexpectedly"); ``openbadge_kit.verify``
never reports ``internal.unexpected_error``; and a token verifies only when its header asks
for EdDSA, its signature is the issuer's key over exactly those bytes, and the credential
names that issuer.
"""

from __future__ import annotations

import contextlib
import json
from datetime import datetime, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openbadge_kit import verify
from openbadge_kit.errors import OpenBadgeError
from openbadge_kit.keys.resolvers import default_resolver
from openbadge_kit.proofs import vc_jwt

from ..hostile.generate import ISSUER, STRANGER, b64url, jwt_claims
from .common import STRINGS, counted, fuzz_settings, json_values, mutate, smoke_settings

NOW = datetime(2026, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
RESOLVER = default_resolver()
CLAIMS = jwt_claims()

headers = st.fixed_dictionaries(
    {"alg": st.sampled_from(["EdDSA", "EdDSA", "none", "HS256", "RS256", "ES256", "eddsa",
                             "Ed25519", "", None, 1])},
    optional={
        "typ": st.sampled_from(["JWT", "vc+jwt", "vc+ld+jwt", "jwt", None, 7]),
        "kid": st.sampled_from([ISSUER.did_key_vm, STRANGER.did_key_vm, ISSUER.did_key,
                                "#key-1", "did:web:localhost#k", "https://127.0.0.1/k",
                                "", None]),
        "jwk": st.sampled_from([ISSUER.to_jwk(), STRANGER.to_jwk(), {"kty": "oct", "k": "AA"},
                                {**STRANGER.to_jwk(), "d": "AAAA"}, "jwk", None]),
        "crit": st.sampled_from([["exp"], ["b64"], [], "b64", None]),
        "b64": st.booleans(),
        "jku": st.just("http://127.0.0.1:9/jwks.json"),
        "x5u": st.just("http://127.0.0.1:9/cert.pem"),
        "cty": st.sampled_from(["vc", "JWT", None, 3]),
        "zip": st.just("DEF"),
    },
)


@st.composite
def tokens(draw: st.DrawFn) -> tuple[str, bool]:
    """A token, and whether it is the issuer's signature over the original claims."""
    header = draw(headers)
    data = draw(st.data())
    claims = mutate(CLAIMS, data) if draw(st.booleans()) else CLAIMS
    key = draw(st.sampled_from([ISSUER, STRANGER]))
    as_json = bool(draw(st.integers(0, 9)))
    payload_bytes = json.dumps(claims).encode() if as_json else draw(st.binary(max_size=30))
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(payload_bytes)
    how = draw(st.sampled_from(["sign", "sign", "random", "empty", "truncate"]))
    signature = key.sign(signing_input.encode())
    if how == "random":
        signature = draw(st.binary(min_size=1, max_size=80))
    elif how == "empty":
        signature = b""
    elif how == "truncate":
        signature = signature[:draw(st.integers(0, 63))]
    token = signing_input + "." + b64url(signature)
    if draw(st.integers(0, 9)) == 0:  # damage the text itself
        at = draw(st.integers(0, len(token)))
        token = token[:at] + draw(st.sampled_from([".", "=", "+", "/", " ", "..", "\n",
                                                   "é"])) + token[at:]
    # the issuer's own key over exactly these bytes, naming the issuer as issuer: anything
    # else verifying would be a forgery (the issuer may sign whatever claims it likes)
    issuer = claims.get("issuer") if isinstance(claims, dict) else None
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    genuine = (how == "sign" and key is ISSUER and as_json and header.get("alg") == "EdDSA"
               and ISSUER.did_key in (issuer_id, claims.get("iss")))
    return token, genuine


def _jwt_ok(item: tuple[str, bool]) -> None:
    token, genuine = item
    with contextlib.suppress(OpenBadgeError):
        vc_jwt.decode_unverified(token)
    result = vc_jwt.verify(token, resolver=RESOLVER, now=NOW).result
    assert "unexpectedly" not in result.message, result
    if result.ok:
        assert genuine, (token, result)
    report = verify(token, now=NOW)
    codes = [c.code for c in report.checks]
    assert "internal.unexpected_error" not in codes, report.to_text()
    if report.verified:
        assert genuine, (token, codes)


_body = counted("jwt: forged tokens (parse + verify)", _jwt_ok)


@pytest.mark.fuzz
@fuzz_settings(4_000)
@given(tokens())
def test_fuzz_jwt(item: tuple[str, bool]) -> None:
    _body(item)


@smoke_settings()
@given(tokens())
def test_smoke_jwt(item: tuple[str, bool]) -> None:
    _body(item)


def _shape_ok(text: str) -> None:
    try:
        header, payload = vc_jwt.decode_unverified(text)
    except OpenBadgeError:
        return
    assert isinstance(header, dict) and isinstance(payload, dict)


_shape_body = counted("jwt: random compact-JWS-shaped text", _shape_ok)
_part = st.one_of(st.from_regex(r"[A-Za-z0-9_-]{0,60}", fullmatch=True),
                  json_values.map(lambda v: b64url(json.dumps(v).encode())),
                  st.sampled_from(STRINGS))


@pytest.mark.fuzz
@fuzz_settings(10_000)
@given(st.lists(_part, min_size=1, max_size=6).map(".".join))
def test_fuzz_jwt_shapes(text: str) -> None:
    _shape_body(text)


@smoke_settings()
@given(st.lists(_part, min_size=1, max_size=6).map(".".join))
def test_smoke_jwt_shapes(text: str) -> None:
    _shape_body(text)


def test_the_genuine_token_verifies() -> None:
    """The oracle's positive case, so the properties above are not vacuous."""
    header = {"alg": "EdDSA", "typ": "JWT", "kid": ISSUER.did_key_vm}
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(
        json.dumps(CLAIMS).encode())
    token: Any = signing_input + "." + b64url(ISSUER.sign(signing_input.encode()))
    assert vc_jwt.verify(token, resolver=RESOLVER, now=NOW).result.ok
    assert verify(token, now=NOW).verified
