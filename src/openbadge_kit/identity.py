"""Hashed recipient identities (OB 3.0 ``IdentityObject``, NOTES 1.7).

An Open Badges recipient is often named by an ``IdentityObject`` rather than a DID::

    {"type": "IdentityObject", "identityType": "emailAddress", "hashed": true,
     "identityHash": "sha256$b580...", "salt": "Kosher"}

The hash is ``<alg>$<hex>`` with ``hex = H(UTF-8(identifier + salt))``: the salt is
appended with no separator, and an absent salt means the identifier is hashed alone.
``hash_identity`` computes one; ``identity_matches`` tells whether a value (say, the
e-mail address a learner typed) is the one an identity object names.  Nothing here
raises on a malformed identity object: it simply does not match.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

from .errors import InvalidInputError

#: hash algorithms accepted in ``identityHash`` (md5 only for reading legacy badges)
READABLE_ALGORITHMS = ("sha256", "md5")
#: hash algorithms this library issues with
ISSUABLE_ALGORITHMS = ("sha256",)


def normalize_email(value: str) -> str:
    """The common normalized form of an e-mail address: surrounding spaces removed, lower case."""
    return value.strip().lower()


def hash_identity(value: str, salt: str | None, alg: str = "sha256") -> str:
    """``<alg>$<hex digest of value + salt>``, e.g. ``sha256$b5809d8a...``.

    ``salt`` is appended to ``value`` with no separator; ``None`` or ``""`` hashes the
    value alone.  ``alg`` is ``"sha256"`` (``"md5"`` is computed too, for checking legacy
    badges, but must not be used to issue).  The value is hashed exactly as given: call
    :func:`normalize_email` first if you want the normalized form.
    """
    if not isinstance(value, str):
        raise InvalidInputError(
            f"identity value must be a string, not {type(value).__name__}",
            code="identity_invalid",
        )
    if salt is not None and not isinstance(salt, str):
        raise InvalidInputError(
            f"salt must be a string, not {type(salt).__name__}", code="identity_invalid"
        )
    if alg not in READABLE_ALGORITHMS:
        raise InvalidInputError(
            f"unsupported identity hash algorithm {alg!r} (use sha256)",
            code="identity_hash_unsupported",
        )
    try:
        data = (value + (salt or "")).encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInputError(
            "identity value or salt is not valid Unicode (lone surrogate)",
            code="identity_invalid",
        ) from None
    digest = hashlib.new(alg, data, usedforsecurity=alg != "md5").hexdigest()
    return f"{alg}${digest}"


def _split_hash(identity_hash: str) -> tuple[str, str] | None:
    alg, sep, digest = identity_hash.partition("$")
    alg = alg.strip().lower()
    digest = digest.strip().lower()
    if not sep or alg not in READABLE_ALGORITHMS or not digest:
        return None
    return alg, digest


def _normalizes(identity_type: object, normalize: bool) -> bool:
    return normalize and identity_type in (None, "emailAddress")


def _equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def _encodable(*values: object) -> bool:
    try:
        for v in values:
            if isinstance(v, str):
                v.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def identity_matches(
    identity_object: Mapping[str, Any] | Any, value: str, *, normalize: bool = True
) -> bool:
    """Whether ``value`` is the identity that ``identity_object`` names.

    ``identity_object`` is an ``IdentityObject`` as a JSON dict (or the model, see
    :class:`openbadge_kit.models.IdentityObject`).  With ``hashed: true`` the value is
    hashed with the object's ``salt`` and compared with ``identityHash`` (``sha256`` or
    legacy ``md5``; hex compared case-insensitively, in constant time).  With
    ``hashed: false`` ``identityHash`` holds the plain identifier and is compared
    directly.  When ``normalize`` is true and the identity is an e-mail address (or its
    type is not given), a lower-cased, trimmed form of ``value`` is tried as well, since
    many issuers normalize addresses before hashing.  A malformed object never matches.
    """
    if not isinstance(identity_object, Mapping):
        to_jsonld = getattr(identity_object, "to_jsonld", None)
        if not callable(to_jsonld):
            return False
        identity_object = to_jsonld()
        if not isinstance(identity_object, Mapping):
            return False
    if not isinstance(value, str):
        return False
    identity_hash = identity_object.get("identityHash")
    hashed = identity_object.get("hashed")
    salt = identity_object.get("salt")
    if not isinstance(identity_hash, str) or not isinstance(hashed, bool):
        return False
    if not _encodable(value, identity_hash, salt):
        return False
    normalizes = _normalizes(identity_object.get("identityType"), normalize)
    if not hashed:
        target = identity_hash.strip()
        if _equal(value, target):
            return True
        return normalizes and _equal(normalize_email(value), normalize_email(target))
    if salt is not None and not isinstance(salt, str):
        return False
    parts = _split_hash(identity_hash)
    if parts is None:
        return False
    alg, digest = parts
    candidates = [value]
    if normalizes and normalize_email(value) != value:
        candidates.append(normalize_email(value))
    for candidate in candidates:
        computed = hash_identity(candidate, salt, alg).partition("$")[2]
        if _equal(computed, digest):
            return True
    return False
