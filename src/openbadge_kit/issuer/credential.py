"""Building unsigned Open Badges 3.0 credentials (VC 2.0 shape) from plain data.

Pure functions with no I/O: the :class:`~openbadge_kit.issuer.issuer.Issuer` calls them,
then allocates a status index and signs.  Input is checked here, before anything is
allocated or signed, and refused with :class:`~openbadge_kit.errors.ModelValidationError`
naming the path at fault.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..dates import format_datetime, parse_datetime
from ..errors import InvalidInputError, ModelValidationError
from ..identity import hash_identity, normalize_email

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
#: defines ``1EdTechJsonSchemaValidator2019`` (the credentialSchema type), NOTES 1.3
OB_EXTENSIONS_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
CREDENTIAL_CONTEXT = [VC_V2_CONTEXT, OB_CONTEXT, OB_EXTENSIONS_CONTEXT]
SCHEMA_BASE = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
ACHIEVEMENT_SCHEMA = SCHEMA_BASE + "ob_v3p0_achievementcredential_schema.json"
ENDORSEMENT_SCHEMA = SCHEMA_BASE + "ob_v3p0_endorsementcredential_schema.json"
SCHEMA_VALIDATOR = "1EdTechJsonSchemaValidator2019"

#: a practical e-mail check: one @, no spaces, a dot in the domain, nothing exotic
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


def new_credential_id() -> str:
    """A fresh ``urn:uuid:`` credential id."""
    return f"urn:uuid:{uuid.uuid4()}"


def is_email(value: str) -> bool:
    """Whether ``value`` looks like an e-mail address we can issue to."""
    return isinstance(value, str) and len(value) <= 254 and bool(_EMAIL.match(value))


def is_uri(value: object) -> bool:
    """Whether ``value`` is an absolute URI (``https:``, ``urn:``, ``did:`` ...)."""
    return isinstance(value, str) and bool(_URI.match(value))


def as_json(value: Any, what: str) -> dict[str, Any]:
    """A JSON object from a dict or a model with ``to_jsonld()``; refuses anything else."""
    if isinstance(value, Mapping):
        return dict(value)
    to_jsonld = getattr(value, "to_jsonld", None)
    if callable(to_jsonld):
        out = to_jsonld()
        if isinstance(out, Mapping):
            return dict(out)
    raise ModelValidationError(f"{what} must be a JSON object, not {type(value).__name__}",
                               path="$")


def _types(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return []


def _require_text(obj: Mapping[str, Any], key: str, path: str) -> None:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ModelValidationError(f"{path}.{key} is required and must be a non-empty string",
                                   path=f"{path}.{key}")


def check_profile(profile: Mapping[str, Any]) -> None:
    """Refuse an issuer profile OB 3.0 would not accept (id URI, type Profile, name)."""
    if not is_uri(profile.get("id")):
        raise ModelValidationError("issuer profile needs an absolute URI id", path="$.issuer.id")
    if "Profile" not in _types(profile.get("type")):
        raise ModelValidationError("issuer profile type must include 'Profile'",
                                   path="$.issuer.type")
    _require_text(profile, "name", "$.issuer")


def check_achievement(achievement: Mapping[str, Any]) -> None:
    """Refuse an Achievement without the properties OB 3.0 requires."""
    path = "$.credentialSubject.achievement"
    if not is_uri(achievement.get("id")):
        raise ModelValidationError("achievement needs an absolute URI id", path=f"{path}.id")
    if "Achievement" not in _types(achievement.get("type")):
        raise ModelValidationError("achievement type must include 'Achievement'",
                                   path=f"{path}.type")
    _require_text(achievement, "name", path)
    _require_text(achievement, "description", path)
    criteria = achievement.get("criteria")
    if not isinstance(criteria, Mapping) or not (
        isinstance(criteria.get("narrative"), str) or is_uri(criteria.get("id"))
    ):
        raise ModelValidationError("achievement criteria needs a narrative or an id",
                                   path=f"{path}.criteria")


def _check_typed_list(items: Sequence[Any] | None, type_name: str, path: str
                      ) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i, item in enumerate(items or []):
        obj = as_json(item, f"{path}[{i}]")
        types = _types(obj.get("type"))
        if type_name not in types:
            raise ModelValidationError(f"{path}[{i}].type must include {type_name!r}",
                                       path=f"{path}[{i}].type")
        out.append(obj)
    return out


@dataclass(frozen=True)
class RecipientIdentity:
    """How a recipient appears in a credential, and the issuer's private reference to them.

    ``subject`` holds the ``credentialSubject`` fields (``id`` or ``identifier``);
    ``ref`` is a stable issuer-side key for the registry (a SHA-256 of the normalized
    address or the DID, never put in a credential); ``identity_hash`` is the hash the
    credential carries (``None`` for a DID or a plain identity).
    """

    subject: dict[str, Any]
    ref: str
    identity_hash: str | None


def recipient_identity(recipient: str | Mapping[str, Any], *, hashed: bool = True,
                       salt: str | None = None) -> RecipientIdentity:
    """The subject fields for ``recipient``: an e-mail address, a DID, or an IdentityObject.

    E-mail addresses are normalized (trimmed, lower case) and, by default, hashed with
    SHA-256 and a fresh random salt; pass ``hashed=False`` to name them in plain text.
    """
    if isinstance(recipient, Mapping):
        obj = dict(recipient)
        if obj.get("type") != "IdentityObject" or not isinstance(obj.get("identityHash"), str) \
                or not isinstance(obj.get("hashed"), bool) \
                or not isinstance(obj.get("identityType"), str):
            raise InvalidInputError("recipient object must be an IdentityObject with "
                                    "identityHash, hashed and identityType",
                                    code="recipient_invalid")
        ref = _ref("identity:" + obj["identityType"] + ":" + obj["identityHash"])
        return RecipientIdentity({"identifier": [obj]}, ref,
                                 obj["identityHash"] if obj["hashed"] else None)
    if not isinstance(recipient, str):
        raise InvalidInputError("recipient must be an e-mail address, a DID or an "
                                "IdentityObject", code="recipient_invalid")
    value = recipient.strip()
    if value.startswith("did:"):
        if not is_uri(value):
            raise InvalidInputError(f"recipient {recipient!r} is not a valid DID",
                                    code="recipient_invalid")
        return RecipientIdentity({"id": value}, _ref("did:" + value), None)
    email = normalize_email(value)
    if not is_email(email):
        raise InvalidInputError(f"recipient {recipient!r} is not a valid e-mail address",
                                code="recipient_invalid")
    ref = recipient_ref(email)
    if not hashed:
        identity = {"type": "IdentityObject", "identityType": "emailAddress",
                    "hashed": False, "identityHash": email}
        return RecipientIdentity({"identifier": [identity]}, ref, None)
    salt = salt if salt is not None else secrets.token_hex(16)
    digest = hash_identity(email, salt)
    identity = {"type": "IdentityObject", "identityType": "emailAddress", "hashed": True,
                "identityHash": digest, "salt": salt}
    return RecipientIdentity({"identifier": [identity]}, ref, digest)


def recipient_ref(email_or_did: str) -> str:
    """The issuer-private registry key of a recipient (an e-mail address or a DID)."""
    value = email_or_did.strip()
    if value.startswith("did:"):
        return _ref("did:" + value)
    return _ref("email:" + normalize_email(value))


def _ref(text: str) -> str:
    return hashlib.sha256(("openbadge-kit-recipient\n" + text).encode("utf-8")).hexdigest()


def once_key(achievement_id: str, ref: str) -> str:
    """The registry key that makes "issue this achievement to this recipient" happen once."""
    return hashlib.sha256(f"{achievement_id}\n{ref}".encode()).hexdigest()


def _date(value: datetime | str | None, path: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return format_datetime(value)
    try:
        parse_datetime(value)
    except InvalidInputError:
        raise ModelValidationError(f"{path} is not an ISO 8601 date-time: {value!r}",
                                   path=path) from None
    return value


def build_achievement_credential(
    *,
    profile: Mapping[str, Any],
    achievement: Mapping[str, Any],
    subject: Mapping[str, Any],
    issued_at: datetime,
    credential_id: str | None = None,
    evidence: Sequence[Any] | None = None,
    results: Sequence[Any] | None = None,
    narrative: str | None = None,
    valid_from: datetime | str | None = None,
    valid_until: datetime | str | None = None,
    name: str | None = None,
) -> dict[str, Any]:
    """An unsigned OpenBadgeCredential (VC 2.0, OB 3.0.3 context), checked.

    ``subject`` is :attr:`RecipientIdentity.subject`; ``evidence`` and ``results`` are
    lists of Evidence and Result objects (dicts or models).
    """
    check_profile(profile)
    check_achievement(achievement)
    evidence_list = _check_typed_list(evidence, "Evidence", "$.evidence")
    result_list = _check_typed_list(results, "Result", "$.credentialSubject.result")
    start = _date(valid_from, "$.validFrom") or format_datetime(issued_at)
    end = _date(valid_until, "$.validUntil")
    if end is not None and parse_datetime(end) <= parse_datetime(start):
        raise ModelValidationError("validUntil must be later than validFrom", path="$.validUntil")
    credential_subject: dict[str, Any] = {"type": ["AchievementSubject"], **subject,
                                          "achievement": dict(achievement)}
    if result_list:
        credential_subject["result"] = result_list
    if narrative:
        credential_subject["narrative"] = narrative
    credential: dict[str, Any] = {
        "@context": list(CREDENTIAL_CONTEXT),
        "id": credential_id or new_credential_id(),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name or str(achievement["name"]),
        "issuer": dict(profile),
        "validFrom": start,
        "awardedDate": format_datetime(issued_at),
        "credentialSubject": credential_subject,
        "credentialSchema": [{"id": ACHIEVEMENT_SCHEMA, "type": SCHEMA_VALIDATOR}],
    }
    if end is not None:
        credential["validUntil"] = end
    if evidence_list:
        credential["evidence"] = evidence_list
    return credential


def build_endorsement_credential(
    *,
    profile: Mapping[str, Any],
    subject_id: str,
    comment: str | None,
    name: str,
    issued_at: datetime,
    credential_id: str | None = None,
    valid_from: datetime | str | None = None,
    valid_until: datetime | str | None = None,
    description: str | None = None,
) -> dict[str, Any]:
    """An unsigned EndorsementCredential about the thing whose id is ``subject_id``."""
    check_profile(profile)
    if not is_uri(subject_id):
        raise ModelValidationError("the endorsed thing needs an absolute URI id",
                                   path="$.credentialSubject.id")
    if not isinstance(name, str) or not name.strip():
        raise ModelValidationError("an endorsement needs a name", path="$.name")
    start = _date(valid_from, "$.validFrom") or format_datetime(issued_at)
    end = _date(valid_until, "$.validUntil")
    subject: dict[str, Any] = {"id": subject_id, "type": ["EndorsementSubject"]}
    if comment:
        subject["endorsementComment"] = comment
    credential: dict[str, Any] = {
        "@context": list(CREDENTIAL_CONTEXT),
        "id": credential_id or new_credential_id(),
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": name,
        "issuer": dict(profile),
        "validFrom": start,
        "awardedDate": format_datetime(issued_at),
        "credentialSubject": subject,
        "credentialSchema": [{"id": ENDORSEMENT_SCHEMA, "type": SCHEMA_VALIDATOR}],
    }
    if description:
        credential["description"] = description
    if end is not None:
        credential["validUntil"] = end
    return credential


def status_entry(list_id: str, index: int, purpose: str) -> dict[str, Any]:
    """The ``credentialStatus`` of a credential at ``index`` of the list ``list_id``."""
    return {
        "id": f"{list_id}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_id,
    }
