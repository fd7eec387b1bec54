"""The hostile-input corpus, generated in memory (no binaries are committed).

Every case names the issue that asked for it, builds its input lazily (a few are large),
and states the exact outcome the public entry point must give:

- :class:`VerifyCase`: ``openbadge_kit.verify(source, **kwargs)`` must not raise and must
  report ``check`` with ``status`` and ``code``;
- :class:`RaiseCase`: a call through a public function (``bake``, ``sign``, model parsing,
  issuing) must raise exactly ``error`` with ``code``.

``python -m tests.hostile.generate DIR`` writes every verify case that is bytes or text
into DIR (one file per case, suffix by content), e.g. to feed ``openbadge verify DIR`` or
another verifier.
"""

from __future__ import annotations

import base64
import dataclasses
import gzip
import io
import json
import struct
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openbadge_kit.errors import OpenBadgeError
from openbadge_kit.keys.ed25519 import Ed25519KeyPair
from openbadge_kit.limits import DEFAULT_LIMITS, Limits

VC2 = "https://www.w3.org/ns/credentials/v2"
OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CREATED = "2026-01-01T00:00:00Z"
LIST_URL = "https://issuer.example/status/1"

#: the corpus issuer (a did:key) and a stranger
ISSUER = Ed25519KeyPair.from_seed(bytes(range(100, 132)))
STRANGER = Ed25519KeyPair.from_seed(bytes(range(200, 232)))


@dataclass(frozen=True)
class VerifyCase:
    """``verify(build(), **kwargs())`` reports ``check`` as ``status`` with ``code``.

    ``message`` must appear in that result's message; ``nested`` looks for the result in
    the endorsement reports too; ``budget`` is the time bound in seconds.
    """

    name: str
    issue: str
    build: Callable[[], Any]
    check: str
    code: str
    status: str = "failed"
    message: str = ""
    kwargs: Callable[[], dict[str, Any]] = field(default=dict)
    nested: bool = False
    budget: float = 1.0


@dataclass(frozen=True)
class RaiseCase:
    """``call()`` raises exactly ``error`` (not a subclass) with ``code``."""

    name: str
    issue: str
    call: Callable[[], Any]
    error: type[OpenBadgeError]
    code: str
    message: str = ""
    budget: float = 1.0


# --- building blocks -------------------------------------------------------------------


def credential(key: Ed25519KeyPair = ISSUER, **overrides: Any) -> dict[str, Any]:
    """An unsigned, schema-valid OB 3.0 credential issued by ``key``'s did:key."""
    doc: dict[str, Any] = {
        "@context": [VC2, OB3],
        "id": "urn:uuid:3f0c1a52-9d1e-4c57-8f0a-6b4d2e9c7a10",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Hostile corpus badge",
        "issuer": {"id": key.did_key, "type": ["Profile"], "name": "Corpus College"},
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:learner",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://college.example/achievements/corpus",
                "type": ["Achievement"],
                "name": "Corpus",
                "description": "Survives hostile input.",
                "criteria": {"narrative": "Be parsed safely."},
            },
        },
    }
    doc.update(overrides)
    return doc


def signed(doc: dict[str, Any], key: Ed25519KeyPair = ISSUER, *,
           vm: str | None = None) -> dict[str, Any]:
    """``doc`` with an eddsa-rdfc-2022 proof by ``key`` (default method: its did:key)."""
    from openbadge_kit.proofs.data_integrity import sign

    return sign(doc, key, verification_method=vm or key.did_key_vm, created=CREATED)


def good() -> dict[str, Any]:
    """A signed credential that verifies."""
    return signed(credential())


def text(doc: Any) -> str:
    return json.dumps(doc)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def jwt(header: dict[str, Any], payload: dict[str, Any], key: Ed25519KeyPair = ISSUER) -> str:
    """A compact JWS signed with ``key`` whatever the header says (EdDSA)."""
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(
        json.dumps(payload).encode())
    return signing_input + "." + b64url(key.sign(signing_input.encode("ascii")))


def jwt_claims(doc: dict[str, Any] | None = None) -> dict[str, Any]:
    """An OB 3.0 VC-JWT payload for ``doc`` (default: the corpus credential)."""
    doc = doc or credential()
    return {**doc, "iss": doc["issuer"]["id"], "jti": doc["id"], "nbf": 1767225600,
            "sub": doc["credentialSubject"]["id"]}


def good_jwt() -> str:
    from openbadge_kit.proofs.vc_jwt import sign

    return sign(credential(), ISSUER)


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(*chunks: bytes) -> bytes:
    """A 1x1 grey PNG with ``chunks`` inserted after IHDR."""
    ihdr = png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    idat = png_chunk(b"IDAT", zlib.compress(b"\x00\x80"))
    return b"\x89PNG\r\n\x1a\n" + ihdr + b"".join(chunks) + idat + png_chunk(b"IEND", b"")


def png_declaring(length: int) -> bytes:
    """A PNG whose second chunk declares ``length`` bytes of data but holds four."""
    head = png()[:33]  # signature + IHDR
    return head + struct.pack(">I", length) + b"iTXt" + b"open" + b"\x00\x00\x00\x00"


def itxt(keyword: bytes, payload: bytes, *, compressed: bool = False) -> bytes:
    body = zlib.compress(payload, 9) if compressed else payload
    return png_chunk(b"iTXt", keyword + b"\x00" + bytes([int(compressed), 0]) + b"\x00\x00"
                     + body)


def baked_png(payload: str) -> bytes:
    return png(itxt(b"openbadgecredential", payload.encode("utf-8")))


SVG_NS = "https://purl.imsglobal.org/ob/v3p0"


def svg(inner: str = "", *, attrs: str = "", prolog: str = "") -> bytes:
    return (f'{prolog}<svg xmlns="http://www.w3.org/2000/svg" '
            f'xmlns:openbadges="{SVG_NS}" width="10" height="10" {attrs}>'
            f"{inner}<rect width=\"10\" height=\"10\"/></svg>").encode()


def svg_with(credential_json: str, *, prolog: str = "") -> bytes:
    return svg(f"<openbadges:credential><![CDATA[{credential_json}]]></openbadges:credential>",
               prolog=prolog)


def gzip_bomb(nbytes: int) -> str:
    """``encodedList`` text that inflates to ``nbytes`` zero bytes (streamed, not held)."""
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9, mtime=0) as gz:
        block = bytes(1 << 20)
        for _ in range(nbytes >> 20):
            gz.write(block)
    return "u" + b64url(buf.getvalue())


def status_list_credential(encoded: str | None = None, *, purpose: str = "revocation",
                           key: Ed25519KeyPair = ISSUER, sign_it: bool = True,
                           **overrides: Any) -> dict[str, Any]:
    from openbadge_kit.status.bitstring import encode_bitstring

    doc: dict[str, Any] = {
        "@context": [VC2],
        "id": LIST_URL,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": key.did_key,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": f"{LIST_URL}#list", "type": "BitstringStatusList",
                              "statusPurpose": purpose,
                              "encodedList": encoded or encode_bitstring(bytes(16 * 1024))},
    }
    doc.update(overrides)
    return signed(doc, key) if sign_it else doc


def with_status(index: int = 7, purpose: str = "revocation") -> dict[str, Any]:
    return signed(credential(credentialStatus={
        "id": f"{LIST_URL}#{index}", "type": "BitstringStatusListEntry",
        "statusPurpose": purpose, "statusListIndex": str(index),
        "statusListCredential": LIST_URL}))


def lists(document: Any) -> Callable[[], dict[str, Any]]:
    return lambda: {"status_lists": {LIST_URL: document() if callable(document) else document}}


def did_web_credential(did: str) -> dict[str, Any]:
    """A credential signed by the corpus key under a did:web verification method."""
    doc = credential(issuer={"id": did, "type": ["Profile"], "name": "Web issuer"})
    return signed(doc, vm=f"{did}#key-1")


def mutated_proof(**changes: Any) -> dict[str, Any]:
    doc = good()
    doc["proof"] = {**doc["proof"], **changes}
    return doc


def endorsement_of(subject: str, key: Ed25519KeyPair = STRANGER,
                   eid: str = "urn:uuid:0d6f3b8e-7c55-4a4e-8f5b-2a7c1e9d4b01",
                   **extra: Any) -> dict[str, Any]:
    doc = {
        "@context": [VC2, OB3], "id": eid,
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": "Endorsement", "validFrom": "2026-01-01T00:00:00Z",
        "issuer": {"id": key.did_key, "type": ["Profile"], "name": "Endorser"},
        "credentialSubject": {"id": subject, "type": ["EndorsementSubject"],
                              "endorsementComment": "Fine."},
        **extra,
    }
    return signed(doc, key)


def endorsement_loop() -> dict[str, Any]:
    """A credential whose endorsement embeds an endorsement of itself (same id)."""
    inner = credential()
    inner["endorsement"] = [endorsement_of(
        inner["id"], eid="urn:uuid:0d6f3b8e-7c55-4a4e-8f5b-2a7c1e9d4b02",
        endorsement=[signed(credential())])]
    return signed(inner)


def many_endorsements(count: int) -> dict[str, Any]:
    one = endorsement_of("https://college.example/achievements/corpus")
    return signed(credential(endorsement=[one] * count))


# --- the verify cases ------------------------------------------------------------------

DEPTH = 100_000


def _verify_cases() -> list[VerifyCase]:
    v = VerifyCase
    cred_text = text(good())
    online = lambda: {"online": True}  # noqa: E731
    cases = [
        # --- JSON (issue #8) -------------------------------------------------------------
        v("json depth bomb (arrays)", "#8", lambda: "[" * DEPTH + "]" * DEPTH,
          "parse", "parse.too_large", message="nesting too deep"),
        v("json depth bomb (objects in a credential)", "#8",
          lambda: cred_text[:-1] + ', "x": ' + '{"a":' * DEPTH + "1" + "}" * DEPTH + "}",
          "parse", "parse.too_large", message="nesting too deep"),
        v("json depth bomb (a dict built in Python)", "#8", lambda: {**good(), "x": deep_dict()},
          "proof", "proof.jsonld_error", message="nested too deeply"),
        v("duplicate key (a second issuer)", "#8",
          lambda: cred_text[:-1] + ', "issuer": "did:example:evil"}',
          "parse", "parse.json_invalid", message="duplicate JSON key 'issuer'"),
        v("NaN", "#8", lambda: cred_text[:-1] + ', "n": NaN}', "parse", "parse.json_invalid",
          message="NaN"),
        v("Infinity", "#8", lambda: cred_text[:-1] + ', "n": -Infinity}',
          "parse", "parse.json_invalid", message="Infinity"),
        v("number literal of 5000 digits", "#8",
          lambda: cred_text[:-1] + ', "n": 1' + "0" * 5000 + "}", "parse", "parse.json_invalid"),
        v("invalid UTF-8", "#8", lambda: cred_text.encode()[:-1] + b', "n": "\xff\xfe"}',
          "parse", "parse.json_invalid", message="UTF-8"),
        v("lone surrogate escape", "#8", lambda: cred_text[:-1] + ', "n": "\\ud800"}',
          "parse", "parse.json_invalid", message="surrogate"),
        # ids with control characters (issue #8): they are escaped (\\uXXXX) in the signed
        # N-Quads, so the spelling with a real control character and the spelling with the
        # escape's text are two different signed statements, and no id can inject a quad
        v("id with NUL verifies as signed", "#8", lambda: signed(credential(id=CTRL_ID)),
          "proof", "proof.valid", status="passed"),
        v("id with NUL swapped for its escape text", "#8",
          lambda: {**signed(credential(id=CTRL_ID)), "id": CTRL_ID.replace("\0", "\\u0000")},
          "proof", "proof.signature_invalid"),
        v("id with a newline (N-Quads injection)", "#8",
          lambda: {**good(), "id": 'urn:x> <https://evil.example/p> "x" .\n<urn:y'},
          "proof", "proof.jsonld_data_loss", message="relative @id"),
        v("issuer id with terminal escapes", "#8",
          lambda: {**good(), "issuer": {**good()["issuer"], "id": "did:key:\x07\x1b[2J"}},
          "proof", "proof.signature_invalid"),
        # --- contexts (issue #8) ---------------------------------------------------------
        *[v(f"inline context redefines protected term {term!r} after VC v2", "#8",
            _redefine(term), "proof", "proof.jsonld_error", message="protected term")
          for term in ("id", "type", "name", "VerifiableCredential")],
        # VC v2 scopes issuer/validFrom/credentialSubject to the VerifiableCredential type,
        # so a top-level redefinition is overridden there: the signed meaning is unchanged
        v("inline redefinition of 'issuer' is overridden by the type-scoped VC context", "#8",
          _redefine("issuer"), "proof", "proof.valid", status="passed"),
        v("@protected violation between two inline contexts", "#8",
          lambda: {**good(), "@context": [VC2, OB3,
                                          {"@protected": True, "name": "https://a.example/n"},
                                          {"name": "https://b.example/n"}]},
          "proof", "proof.jsonld_error", message="protected term"),
        v("@context file:// URL", "#8",
          lambda: {**good(), "@context": [VC2, OB3, "file:///etc/passwd"]},
          "proof", "proof.context_unavailable", message="file:///etc/passwd", kwargs=online),
        v("@context http://localhost", "#8",
          lambda: {**good(), "@context": [VC2, OB3, "http://localhost:8123/ctx.jsonld"]},
          "proof", "proof.context_unavailable", message="localhost", kwargs=online),
        v("@context @import of a file:// URL", "#8",
          lambda: {**good(), "@context": [VC2, OB3, {"@import": "file:///etc/passwd"}]},
          "proof", "proof.context_unavailable", message="file:///etc/passwd", kwargs=online),
        # --- JWTs (issue #8, #3) ---------------------------------------------------------
        v("JWT with a crit header", "#8",
          lambda: jwt({"alg": "EdDSA", "typ": "JWT", "kid": ISSUER.did_key_vm,
                       "crit": ["exp"]}, jwt_claims()), "proof", "proof.jwt_malformed",
          message="crit"),
        v("JWT with b64: false", "#8",
          lambda: jwt({"alg": "EdDSA", "kid": ISSUER.did_key_vm, "b64": False,
                       "crit": ["b64"]}, jwt_claims()), "proof", "proof.jwt_malformed"),
        v("JWT with b64: false and no crit", "#8",
          lambda: jwt({"alg": "EdDSA", "kid": ISSUER.did_key_vm, "b64": False}, jwt_claims()),
          "proof", "proof.jwt_malformed", message="b64"),
        v("JWT with alg none (unsecured)", "#3",
          lambda: b64url(b'{"alg":"none"}') + "." + b64url(json.dumps(jwt_claims()).encode())
          + ".", "input", "input.jwt_malformed", message="empty"),
        v("JWT with alg none and a signature", "#3",
          lambda: jwt({"alg": "none", "kid": ISSUER.did_key_vm}, jwt_claims()),
          "proof", "proof.jwt_alg_not_allowed"),
        v("JWT with HS256 (public key as secret)", "#3",
          lambda: jwt({"alg": "HS256", "kid": ISSUER.did_key_vm}, jwt_claims()),
          "proof", "proof.jwt_alg_not_allowed"),
        v("two-part token", "#3", lambda: good_jwt().rsplit(".", 1)[0],
          "input", "input.jwt_malformed", message="2 dot-separated parts"),
        v("five-part token (JWE)", "#3", lambda: good_jwt() + ".AAAA.BBBB",
          "input", "input.jwt_malformed", message="5 dot-separated parts"),
        v("bad base64url in the payload", "#3", lambda: _replace_part(good_jwt(), 1, "e" * 5),
          "parse", "parse.jwt_invalid", message="base64url"),
        v("non-JSON header", "#3", lambda: _replace_part(good_jwt(), 0, b64url(b"not json")),
          "parse", "parse.jwt_invalid", message="not valid JSON"),
        v("huge token", "#3",
          lambda: "eyJ" + "A" * (DEFAULT_LIMITS.max_json_bytes + 10) + ".eyJ.AAAA",
          "parse", "parse.jwt_invalid", message="over the limit"),
        v("unknown kid", "#3",
          lambda: jwt({"alg": "EdDSA", "typ": "JWT", "kid": "did:key:z6MkunknownXXXX#k"},
                      jwt_claims()), "proof", "proof.key_unresolved"),
        # --- status lists (issue #8, #5) -------------------------------------------------
        v("status list gzip bomb (64 MiB of zeros in 64 KB)", "#8", lambda: with_status(),
          "status", "status.list_too_large", message="more than 16777216 bytes",
          kwargs=lists(lambda: status_list_credential(gzip_bomb(64 << 20)))),
        v("status list that is not a credential", "#5", lambda: with_status(),
          "status", "status.list_not_credential", kwargs=lists({"hello": "world"})),
        v("status list with a bad signature", "#5", lambda: with_status(),
          "status", "status.list_signature_invalid",
          kwargs=lists(lambda: {**status_list_credential(),
                                "validFrom": "2026-01-02T00:00:00Z"})),
        v("status list for another purpose", "#5", lambda: with_status(),
          "status", "status.list_wrong_purpose",
          kwargs=lists(lambda: status_list_credential(purpose="suspension"))),
        v("status list shorter than the index", "#5", lambda: with_status(index=5000),
          "status", "status.index_out_of_range",
          kwargs=lists(lambda: status_list_credential(_encode(bytes(100))))),
        v("status list shorter than 16 KiB is read, with a note", "#5", lambda: with_status(),
          "status", "status.ok", status="passed",
          kwargs=lists(lambda: status_list_credential(_encode(bytes(100))))),
        v("status index out of range", "#5", lambda: with_status(index=10**9),
          "status", "status.index_out_of_range", kwargs=lists(status_list_credential)),
        v("status list not supplied (never fetched offline)", "#5", lambda: with_status(),
          "status", "status.list_unavailable", status="not_checked"),
        # --- did:web (issue #8, #3) ------------------------------------------------------
        *[v(f"did:web for {host}, online", "#8", _did_web_for(host),
            "proof", "proof.key_unresolved", message="refusing", kwargs=online)
          for host in ("localhost", "127.0.0.1", "127.0.0.1%3A8080", "10.0.0.7",
                       "192.168.1.1", "169.254.169.254", "0.0.0.0", "sub.localhost")],
        v("did:web for [::1], online", "#8", _did_web_for("%5B%3A%3A1%5D"),
          "proof", "proof.key_unresolved", message="not a valid host", kwargs=online),
        v("did:web offline", "#3", _did_web_for("issuer.example"),
          "proof", "proof.network_disabled", status="not_checked"),
        v("DID document without assertionMethod", "#3", _did_web_for("issuer.example"),
          "proof", "proof.not_assertion_method",
          kwargs=lambda: {"did_documents": {"d": _did_doc("did:web:issuer.example",
                                                          assertion=False)}}),
        v("DID document for another DID", "#3", _did_web_for("issuer.example"),
          "proof", "proof.key_unresolved", message="is for 'did:web:other.example'",
          kwargs=lambda: _web(lambda r: _json_response(_did_doc("did:web:other.example")))),
        # a fetch that fails is inconclusive, never "invalid signature" (NOTES 5.6)
        v("did:web network failure (a distinct reason)", "#3", _did_web_for("issuer.example"),
          "proof", "proof.network_error", status="not_checked", message="ConnectError",
          kwargs=lambda: _web(_refuse)),
        # --- PNG (issue #8, #4) ----------------------------------------------------------
        v("PNG chunk length 0xFFFFFFFF", "#8", lambda: png_declaring(0xFFFFFFFF),
          "input", "input.image_invalid", message="over 2^31-1"),
        v("PNG chunk length 2^31 (sign overflow)", "#8", lambda: png_declaring(2**31),
          "input", "input.image_invalid", message="over 2^31-1"),
        v("PNG chunk length 1 GB", "#4", lambda: png_declaring(1 << 30),
          "input", "input.image_invalid"),
        v("PNG chunk length beyond the file", "#4", lambda: png_declaring(5000),
          "input", "input.image_invalid"),
        v("PNG truncated", "#4", lambda: baked_png(cred_text)[:-7], "input",
          "input.image_invalid"),
        v("PNG bad CRC", "#4", lambda: _flip_crc(baked_png(cred_text)),
          "input", "input.image_invalid", message="CRC"),
        v("PNG compressed credential bomb (64 MiB)", "#4",
          lambda: png(itxt(b"openbadgecredential", b" " * (64 << 20), compressed=True)),
          "input", "input.too_large"),
        v("PNG baked with a credential verifies", "#4", lambda: baked_png(cred_text),
          "proof", "proof.valid", status="passed"),
        # --- SVG (issue #8, #4) ----------------------------------------------------------
        v("SVG billion laughs", "#4", lambda: svg_with(cred_text, prolog=_LAUGHS),
          "input", "input.image_invalid"),
        v("SVG XXE file", "#4", lambda: svg_with(
            "&xxe;", prolog='<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'),
          "input", "input.image_invalid"),
        v("SVG XXE http", "#4", lambda: svg_with(
            "&xxe;", prolog='<!DOCTYPE svg [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/x">]>'),
          "input", "input.image_invalid", kwargs=online),
        v("SVG parameter entities", "#4", lambda: svg_with(
            cred_text, prolog='<!DOCTYPE svg [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p"> %p;]>'),
          "input", "input.image_invalid", kwargs=online),
        v("SVG external DTD", "#4", lambda: svg_with(
            cred_text, prolog='<!DOCTYPE svg SYSTEM "http://127.0.0.1:9/svg.dtd">'),
          "proof", "proof.valid", status="passed", kwargs=online),  # read, never fetched
        v("SVG huge (over the image limit)", "#4",
          lambda: svg("<!--" + "x" * (DEFAULT_LIMITS.max_image_bytes + 10) + "-->"),
          "input", "input.too_large"),
        # the verifier only reads the credential out of an SVG; it never renders it
        v("SVG with script, onload and foreignObject around a good credential", "#8",
          lambda: active_svg(cred_text), "proof", "proof.valid", status="passed"),
        # --- issue #2 --------------------------------------------------------------------
        v("malformed JSON", "#2", lambda: '{"@context": [', "parse", "parse.json_invalid"),
        v("credential is a JSON array", "#2", lambda: "[1, 2]", "parse", "parse.not_object"),
        v("wrong type for type", "#2", lambda: {**good(), "type": 7}, "parse",
          "parse.not_credential"),
        v("missing @context", "#2",
          lambda: {k: val for k, val in good().items() if k != "@context"},
          "context", "context.missing"),
        v("unknown context URL", "#2",
          lambda: {**good(), "@context": [VC2, OB3, "https://evil.example/ctx.json"]},
          "proof", "proof.context_unavailable", message="https://evil.example/ctx.json"),
        v("undefined term", "#2", lambda: {**good(), "sneaky": "unsigned claim"},
          "proof", "proof.jsonld_data_loss", message="sneaky"),
        v("non-string id", "#2", lambda: {**good(), "id": {"@id": "urn:x"}},
          "proof", "proof.jsonld_error"),
        v("proof with a wrong type", "#2", lambda: mutated_proof(type="RsaSignature2018"),
          "proof", "proof.unsupported"),
        v("unknown cryptosuite", "#2", lambda: mutated_proof(cryptosuite="ecdsa-rdfc-2019"),
          "proof", "proof.unsupported"),
        v("truncated proofValue", "#2",
          lambda: mutated_proof(proofValue=good()["proof"]["proofValue"][:40]),
          "proof", "proof.value_malformed"),
        v("non-base58 proofValue", "#2", lambda: mutated_proof(proofValue="z" + "0OIl" * 22),
          "proof", "proof.value_malformed"),
        v("64-byte signature of the wrong key", "#2",
          lambda: mutated_proof(proofValue=signed(credential(), STRANGER)["proof"]["proofValue"]),
          "proof", "proof.signature_invalid"),
        v("huge document (over max_json_bytes)", "#2",
          lambda: cred_text[:-1] + ', "n": "' + "x" * DEFAULT_LIMITS.max_json_bytes + '"}',
          "parse", "parse.too_large"),
        v("more quads than max_quads is refused without the reference path's work", "#8",
          lambda: signed(_tagged(6_000)), "proof", "proof.canonicalization_limit",
          message="more than 5000 quads",
          kwargs=lambda: {"limits": dataclasses.replace(DEFAULT_LIMITS, max_quads=5_000)}),
        # --- issue #5 --------------------------------------------------------------------
        v("endorsement loop", "#5", endorsement_loop, "endorsements", "endorsements.loop",
          nested=True),
        v("thousands of endorsements (2.4 MB)", "#5", lambda: many_endorsements(2000),
          "endorsements", "endorsements.limit", status="not_checked",
          message="1900 endorsement(s) were not verified (limit of 100"),
        v("issuer is a string", "#5", lambda: signed(credential(issuer=ISSUER.did_key)),
          "issuer", "issuer.identified", status="passed"),
        v("issuer is a number", "#5", lambda: {**good(), "issuer": 7},
          "schema", "schema.invalid", message="$.issuer"),
    ]
    return cases


CTRL_ID = "urn:uuid:3f0c1a52-9d1e-4c57-8f0a-6b4d2e9c7a10\x00\x1b[31m"


def _tagged(count: int) -> dict[str, Any]:
    """The corpus credential with ``count`` achievement tags (one quad each)."""
    doc = credential()
    doc["credentialSubject"]["achievement"]["tag"] = [f"t{i}" for i in range(count)]
    return doc


def deep_dict(depth: int = 3000) -> dict[str, Any]:
    """``{"a": {"a": ...}}`` nested ``depth`` times (deeper than Python's recursion limit)."""
    root: dict[str, Any] = {}
    node = root
    for _ in range(depth):
        node["a"] = {}
        node = node["a"]
    return root


def active_svg(payload: str) -> bytes:
    """An SVG with every kind of active content, carrying ``payload``."""
    return svg_with(payload).replace(
        b"<rect", b'<script>alert(1)</script><foreignObject><div/></foreignObject>'
                  b'<a href="javascript:alert(3)"><rect/></a><rect', 1,
    ).replace(b"<svg ", b'<svg onload="alert(2)" ', 1)


def _redefine(term: str) -> Callable[[], dict[str, Any]]:
    return lambda: {**good(), "@context": [VC2, OB3, {term: "https://evil.example/x"}]}


def _json_response(doc: Any) -> Any:
    import httpx

    return httpx.Response(200, json=doc, headers={"content-type": "application/json"})


def _refuse(request: Any) -> Any:
    import httpx

    raise httpx.ConnectError("connection refused", request=request)


def _web(handler: Callable[[Any], Any]) -> dict[str, Any]:
    """verify() keywords for an online did:web resolver whose HTTP answers ``handler``."""
    import httpx

    from openbadge_kit.keys.did_web import DidWebResolver

    client = httpx.Client(transport=httpx.MockTransport(handler))
    return {"resolver": DidWebResolver(online=True, client=client)}


_LAUGHS = ('<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">' + "".join(
    f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)) + "]>")


def _flip_crc(data: bytes) -> bytes:
    out = bytearray(data)
    out[33 + 8 + 5] ^= 0x01  # a byte inside the credential chunk's keyword
    return bytes(out)


def _replace_part(token: str, index: int, part: str) -> str:
    parts = token.split(".")
    parts[index] = part
    return ".".join(parts)


def _encode(bits: bytes) -> str:
    from openbadge_kit.status.bitstring import encode_bitstring

    return encode_bitstring(bits)


def _did_doc(did: str, *, assertion: bool = True) -> dict[str, Any]:
    vm = {"id": f"{did}#key-1", "type": "Multikey", "controller": did,
          "publicKeyMultibase": ISSUER.public_multikey}
    doc: dict[str, Any] = {"@context": ["https://www.w3.org/ns/did/v1"], "id": did,
                           "verificationMethod": [vm]}
    if assertion:
        doc["assertionMethod"] = [vm["id"]]
    return doc


def _did_web_for(host: str) -> Callable[[], dict[str, Any]]:
    return lambda: did_web_credential(f"did:web:{host}")


# --- the raising cases -----------------------------------------------------------------


def _sign(doc: Any, **kwargs: Any) -> Any:
    from openbadge_kit.proofs.data_integrity import sign

    return sign(doc, ISSUER, verification_method=ISSUER.did_key_vm, created=CREATED, **kwargs)


def _jwt_sign(doc: Any) -> Any:
    from openbadge_kit.proofs.vc_jwt import sign

    return sign(doc, ISSUER)


def _bake(image: bytes, payload: Any) -> Any:
    from openbadge_kit import bake

    return bake(image, payload)


def _issuer() -> Any:
    from openbadge_kit import Issuer

    return Issuer({"id": ISSUER.did_key, "type": ["Profile"], "name": "Corpus College"},
                  ISSUER)


def _achievement(**changes: Any) -> dict[str, Any]:
    return {**credential()["credentialSubject"]["achievement"], **changes}


def _parse(data: Any) -> Any:
    from openbadge_kit import parse_credential

    return parse_credential(data)


def _raise_cases() -> list[RaiseCase]:
    from openbadge_kit.errors import (
        ImageFormatError,
        InputTooLargeError,
        InvalidInputError,
        ModelValidationError,
        SigningError,
    )

    r = RaiseCase
    cred_text = text(good())
    return [
        # baking never carries active content over from the source image (issue #8)
        r("bake into an SVG with <script>", "#8",
          lambda: _bake(svg("<script>alert(1)</script>"), good()),
          ImageFormatError, "svg_active_content", "<script>"),
        r("bake into an SVG with onload", "#8",
          lambda: _bake(svg(attrs='onload="alert(1)"'), good()),
          ImageFormatError, "svg_active_content", "onload"),
        r("bake into an SVG with <foreignObject>", "#8",
          lambda: _bake(svg("<foreignObject><p/></foreignObject>"), good()),
          ImageFormatError, "svg_active_content", "foreignObject"),
        r("bake into an SVG with a javascript: link", "#8",
          lambda: _bake(svg('<a href=" JavaScript:alert(1)"><rect/></a>'), good()),
          ImageFormatError, "svg_active_content", "script URL"),
        r("bake into an SVG that animates an event handler in", "#8",
          lambda: _bake(svg('<set attributeName="onclick" to="alert(1)"/>'), good()),
          ImageFormatError, "svg_active_content", "onclick"),
        r("bake into an SVG with all of them", "#8", lambda: _bake(active_svg(""), good()),
          ImageFormatError, "svg_active_content", "and"),
        r("bake into an SVG with an entity declaration", "#4",
          lambda: _bake(svg("", prolog=_LAUGHS), good()), ImageFormatError,
          "svg_entities_forbidden"),
        r("bake into a PNG whose chunk length overflows", "#8",
          lambda: _bake(png_declaring(0xFFFFFFFF), good()), ImageFormatError,
          "png_chunk_length"),
        r("bake a JSON depth bomb", "#8", lambda: _bake(png(), "[" * DEPTH + "]" * DEPTH),
          InvalidInputError, "credential_invalid"),
        r("bake JSON with duplicate keys", "#8",
          lambda: _bake(png(), cred_text[:-1] + ', "issuer": "x"}'),
          InvalidInputError, "json_duplicate_key", "issuer"),
        r("bake JSON with NaN", "#8", lambda: _bake(png(), cred_text[:-1] + ', "n": NaN}'),
          InvalidInputError, "json_invalid", "NaN"),
        r("bake a credential over the payload limit", "#4",
          lambda: _bake(png(), cred_text[:-1] + ', "n": "'
                        + "x" * DEFAULT_LIMITS.max_payload_bytes + '"}'),
          InputTooLargeError, "input_too_large"),
        r("bake a dict nested 3000 deep", "#8", lambda: _bake(png(), credential(x=deep_dict())),
          InvalidInputError, "credential_invalid", "not JSON-serialisable"),
        r("bake a credential with a lone surrogate", "#8",
          lambda: _bake(svg(), credential(name="\ud800")), InvalidInputError,
          "credential_invalid", "surrogates not allowed"),
        r("bake a credential with NaN", "#8",
          lambda: _bake(png(), credential(name=float("nan"))), InvalidInputError,
          "credential_invalid", "not JSON compliant"),
        # a VC-JWT is JSON text: it must be what a strict reader (ours) accepts
        r("sign a VC-JWT with NaN", "#8", lambda: _jwt_sign(credential(name=float("nan"))),
          SigningError, "credential_invalid", "not JSON compliant"),
        r("sign a VC-JWT with a lone surrogate", "#8",
          lambda: _jwt_sign(credential(name="\udc00")), SigningError, "credential_invalid"),
        r("sign a VC-JWT nested 3000 deep", "#8",
          lambda: _jwt_sign(credential(x=deep_dict())), SigningError, "credential_invalid"),
        # signing refuses what a verifier would read differently (issue #2, #8)
        r("sign with an undefined term", "#2", lambda: _sign(credential(sneaky=1)),
          SigningError, "jsonld_data_loss", "sneaky"),
        r("sign with an unknown context URL", "#2",
          lambda: _sign(credential(**{"@context": [VC2, OB3, "https://evil.example/c"]})),
          SigningError, "context_not_allowed", "https://evil.example/c"),
        r("sign with a file:// context", "#8",
          lambda: _sign(credential(**{"@context": [VC2, OB3, "file:///etc/passwd"]})),
          SigningError, "context_not_allowed", "file:///etc/passwd"),
        r("sign with a http://localhost context", "#8",
          lambda: _sign(credential(**{"@context": [VC2, OB3, "http://localhost:8123/c"]})),
          SigningError, "context_not_allowed", "localhost"),
        r("sign with a protected term redefined", "#8",
          lambda: _sign(credential(**{"@context": [VC2, OB3, {"id": "https://e.example/i"}]})),
          SigningError, "jsonld_error", "protected term"),
        r("sign an id that would inject a quad", "#8",
          lambda: _sign(credential(id='urn:x> <https://e.example/p> "x" .\n<urn:y')),
          SigningError, "jsonld_data_loss", "relative @id"),
        r("sign without @context", "#2",
          lambda: _sign({k: v for k, v in credential().items() if k != "@context"}),
          SigningError, "jsonld_data_loss"),
        r("sign a JSON array", "#2", lambda: _sign([1]), SigningError, "signing_failed"),
        r("sign a dict nested 3000 deep", "#8", lambda: _sign(credential(x=deep_dict())),
          SigningError, "input_too_large", "deeper than 64"),
        r("sign with an unknown suite", "#2", lambda: _sign(credential(), suite="rsa-2018"),
          SigningError, "signing_unknown_suite"),
        # models (issue #2)
        r("parse a credential with a number as issuer", "#2",
          lambda: _parse({**credential(), "issuer": 7}), ModelValidationError, "model_invalid",
          "$.issuer"),
        r("parse an achievement without its id", "#2",
          lambda: _parse(credential(credentialSubject={
              "type": ["AchievementSubject"],
              "achievement": {"type": ["Achievement"], "name": "x"}})),
          ModelValidationError, "model_invalid", "$.credentialSubject.achievement.id"),
        r("parse a dict nested 3000 deep", "#8", lambda: _parse(credential(x=deep_dict())),
          ModelValidationError, "model_too_deep"),
        r("parse text instead of a dict", "#2", lambda: _parse(cred_text),
          ModelValidationError, "model_invalid", "got str"),
        # issuing (issue #6)
        r("issue to a recipient that is not an e-mail", "#6",
          lambda: _issuer().issue(_achievement(), "not an e-mail"),
          InvalidInputError, "recipient_invalid"),
        r("issue to an e-mail with a control character", "#8",
          lambda: _issuer().issue(_achievement(), "a\x00b@example.org"),
          InvalidInputError, "recipient_invalid"),
        r("issue an achievement without a name", "#6",
          lambda: _issuer().issue(_achievement(name=""), "a@example.org"),
          ModelValidationError, "model_invalid", "achievement.name"),
        r("issue an achievement with an undefined term", "#6",
          lambda: _issuer().issue(_achievement(sneaky=1), "a@example.org"),
          SigningError, "jsonld_data_loss", "sneaky"),
        r("issue a malformed batch request", "#6",
          lambda: _issuer().issue_many([{"achievement": _achievement()}]),
          InvalidInputError, "request_invalid"),
    ]


def verify_cases() -> list[VerifyCase]:
    """Every case checked through ``openbadge_kit.verify``."""
    return _verify_cases()


def raise_cases() -> list[RaiseCase]:
    """Every case checked through a public function that raises."""
    return _raise_cases()


def write(folder: Path, limits: Limits = DEFAULT_LIMITS) -> list[Path]:
    """Write each verify case whose input is text, bytes or a dict into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number, case in enumerate(verify_cases()):
        source = case.build()
        if isinstance(source, dict):
            try:
                source = json.dumps(source)
            except (RecursionError, ValueError):  # the deep dict exists only in memory
                continue
        data = source.encode("utf-8", "surrogatepass") if isinstance(source, str) else source
        if len(data) > limits.max_image_bytes:
            continue
        head = data[:64].lstrip()
        suffix = (".png" if head.startswith(b"\x89PNG") else ".svg" if head.startswith(b"<")
                  else ".json" if head[:1] in (b"{", b"[") else ".jwt")
        path = folder / f"{number:03d}{suffix}"
        path.write_bytes(data)
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover
    for p in write(Path(sys.argv[1])):
        print(p)

