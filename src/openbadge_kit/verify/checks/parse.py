"""Check 2, parse and type: the input is one Verifiable Credential, and which kind.

JSON text is parsed strictly (``safejson``); a VC-JWT's payload is decoded *without*
trusting it yet (the proof check verifies the signature) and the credential taken out
of it: the ``vc`` claim for VC 1.1 JWTs, else the payload minus the JWT claims.  The
credential must be typed ``VerifiableCredential``; an ``AchievementCredential`` /
``OpenBadgeCredential`` or ``EndorsementCredential`` is an Open Badge, any other VC
is verified as a plain credential with a warning.  Fills in the report summary.
"""

from __future__ import annotations

from typing import Any

from ... import safejson
from ...errors import InvalidInputError
from ..report import CheckStatus
from ..state import ACHIEVEMENT_TYPES, ENDORSEMENT_TYPE, VerifyState

CHECK = "parse"

VC1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
VC2_CONTEXT = "https://www.w3.org/ns/credentials/v2"


def as_list(value: Any) -> list[Any]:
    """``value`` as a list (JSON-LD lets single values stand for one-element arrays)."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def types_of(node: Any) -> list[str]:
    """The string ``type`` values of a JSON object (empty for anything else)."""
    if not isinstance(node, dict):
        return []
    return [t for t in as_list(node.get("type")) if isinstance(t, str)]


def issuer_of(credential: dict[str, Any]) -> tuple[str | None, str | None]:
    """``(issuer id, issuer name)``; the issuer may be a URI string or a Profile object."""
    issuer = credential.get("issuer")
    if isinstance(issuer, str):
        return issuer, None
    if isinstance(issuer, dict):
        iid = issuer.get("id") if isinstance(issuer.get("id"), str) else None
        name = issuer.get("name") if isinstance(issuer.get("name"), str) else None
        return iid, name
    return None, None


def _fail(state: VerifyState, code: str, message: str, **details: Any) -> None:
    state.stop = True
    state.report.add(CHECK, CheckStatus.FAILED, code, message, **details)


def summarize(state: VerifyState, credential: dict[str, Any]) -> None:
    """Fill the report summary from ``credential``."""
    s = state.report.summary
    s.credential_id = credential.get("id") if isinstance(credential.get("id"), str) else None
    s.types = types_of(credential)
    s.vc_version = state.vc_version
    s.issuer_id, s.issuer_name = issuer_of(credential)
    subject = credential.get("credentialSubject")
    subject = subject if isinstance(subject, dict) else {}
    if isinstance(credential.get("name"), str):
        s.name = credential["name"]
    achievement = subject.get("achievement")
    if isinstance(achievement, dict):
        if isinstance(achievement.get("name"), str):
            s.achievement_name = achievement["name"]
        if isinstance(achievement.get("id"), str):
            s.achievement_id = achievement["id"]
    if ENDORSEMENT_TYPE in s.types:
        s.endorses = subject.get("id") if isinstance(subject.get("id"), str) else None
    elif state.options.recipient:
        s.recipient = state.options.recipient
    elif isinstance(subject.get("id"), str):
        s.recipient = subject["id"]
    for start in ("validFrom", "issuanceDate"):
        if isinstance(credential.get(start), str):
            s.valid_from = credential[start]
            break
    for end in ("validUntil", "expirationDate"):
        if isinstance(credential.get(end), str):
            s.valid_until = credential[end]
            break


def check_parse(state: VerifyState) -> None:
    """Parse the credential and classify it (stops the run when it is not a credential)."""
    limits = state.options.limits
    credential = state.credential
    if state.jwt is not None:
        from ...proofs.vc_jwt import credential_of, decode_unverified

        try:
            _header, payload = decode_unverified(state.jwt, limits=limits)
        except InvalidInputError as exc:
            _fail(state, "parse.jwt_invalid", f"not a readable VC-JWT: {exc}")
            return
        credential, _form = credential_of(payload)
        if credential is None:
            _fail(state, "parse.jwt_invalid", "the JWT's 'vc' claim is not a JSON object")
            return
        state.jwt_payload = payload
    elif credential is None and state.raw_json is not None:
        try:
            credential = safejson.loads(state.raw_json, limits=limits)
        except InvalidInputError as exc:
            code = "parse.too_large" if exc.code.endswith("too_large") \
                or exc.code == "json_too_deep" else "parse.json_invalid"
            _fail(state, code, f"not valid JSON: {exc}")
            return
    if not isinstance(credential, dict):
        _fail(state, "parse.not_object",
              "a credential must be one JSON object (found "
              f"{type(credential).__name__ if credential is not None else 'nothing'})")
        return
    state.credential = credential
    context = as_list(credential.get("@context"))
    first = context[0] if context else None
    state.vc_version = "2.0" if first == VC2_CONTEXT else "1.1" if first == VC1_CONTEXT else None
    if state.jwt_payload is not None and "vc" in state.jwt_payload and state.vc_version == "2.0":
        _fail(state, "parse.jwt_layout_mismatch",
              "a VC 2.0 credential (context v2) must not sit in a VC 1.1 'vc' JWT claim")
        return
    summarize(state, credential)
    types = types_of(credential)
    if state.baked_ob_version == "2.0" or ("Assertion" in types
                                           and "VerifiableCredential" not in types):
        _fail(state, "parse.ob2_unsupported",
              "an Open Badges 2.0 assertion: this verifier checks Open Badges 3.0 credentials")
        return
    if "VerifiableCredential" not in types:
        _fail(state, "parse.not_credential",
              "not a Verifiable Credential: 'type' lacks VerifiableCredential", types=types)
        return
    if ACHIEVEMENT_TYPES & set(types):
        state.kind = "achievement"
    elif ENDORSEMENT_TYPE in types:
        state.kind = "endorsement"
    else:
        state.kind = "other"
    if state.is_endorsement and state.kind != "endorsement":
        _fail(state, "parse.not_endorsement",
              "an endorsement must be typed EndorsementCredential", types=types)
        return
    if state.kind == "other":
        state.report.add(CHECK, CheckStatus.WARNING, "parse.not_open_badge",
                         "a Verifiable Credential, but not an Open Badge (no "
                         "AchievementCredential/OpenBadgeCredential/EndorsementCredential "
                         "type): only the generic credential checks apply", types=types)
        return
    label = next((t for t in types if t != "VerifiableCredential"), "credential")
    version = f" (VC {state.vc_version})" if state.vc_version else ""
    state.report.add(CHECK, CheckStatus.PASSED, "parse.ok",
                     f"an Open Badges {label}{version}", types=types)
