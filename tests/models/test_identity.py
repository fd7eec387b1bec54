"""Hashed recipient identities: the spec examples, third-party vectors and hostile input."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from openbadge_kit.errors import InvalidInputError
from openbadge_kit.identity import hash_identity, identity_matches, normalize_email

VECTORS = Path(__file__).resolve().parents[1] / "vectors"

# NOTES 1.7: the OB 3.0 spec example and the implementation guide example
SPEC_EXAMPLE = (
    "a@example.com",
    "Kosher",
    "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399",
)
GUIDE_EXAMPLE = (
    "jjefferson18@example.com",
    "FleurDeSel",
    "sha256$658625b25ab3d75d613ca97d9a5a77f70e2192feca5557f4ad09a4d4f121f5fc",
)


def _obj(identity_hash: str, salt: str | None = None, hashed: bool = True) -> dict[str, object]:
    out: dict[str, object] = {
        "type": "IdentityObject",
        "identityType": "emailAddress",
        "hashed": hashed,
        "identityHash": identity_hash,
    }
    if salt is not None:
        out["salt"] = salt
    return out


@pytest.mark.parametrize("email,salt,expected", [SPEC_EXAMPLE, GUIDE_EXAMPLE])
def test_hash_identity_reproduces_spec_examples(email: str, salt: str, expected: str) -> None:
    assert hash_identity(email, salt) == expected
    assert identity_matches(_obj(expected, salt), email)


def test_salt_is_appended_not_prepended() -> None:
    email, salt, expected = SPEC_EXAMPLE
    assert hash_identity(salt + email, None) != expected
    assert hash_identity(email + salt, None) == expected
    assert not identity_matches(_obj(expected, salt), salt + email)


def test_no_salt_hashes_identifier_alone() -> None:
    h = hash_identity("a@example.com", None)
    assert h == hash_identity("a@example.com", "")
    assert identity_matches(_obj(h), "a@example.com")
    assert not identity_matches(_obj(h, "Kosher"), "a@example.com")


def test_ob2_validator_vector_same_scheme() -> None:
    """The 1EdTech validator's OB 2.0 assertion hashes recipient + salt the same way."""
    path = VECTORS / "1edtech-dc-public-validator/ob20/basic-assertion.json"
    data = json.loads(path.read_text())
    recipient = data["recipient"]
    obj = _obj(recipient["identity"], recipient["salt"])
    assert identity_matches(obj, "nobody@example.org")
    assert not identity_matches(obj, "somebody@example.org")


def test_hex_compared_case_insensitively_and_alg_case() -> None:
    email, salt, expected = SPEC_EXAMPLE
    assert identity_matches(_obj(expected.upper(), salt), email)
    assert identity_matches(_obj("SHA256$" + expected.split("$")[1], salt), email)


def test_md5_accepted_on_input() -> None:
    h = hash_identity("a@example.com", "pepper", alg="md5")
    assert h == "md5$" + hashlib.md5(b"a@example.compepper").hexdigest()
    assert identity_matches(_obj(h, "pepper"), "a@example.com")


def test_unknown_algorithm_never_matches_and_refused_for_hashing() -> None:
    assert not identity_matches(_obj("sha1$abcdef", "x"), "a@example.com")
    assert not identity_matches(_obj("b5809d8a92f8858436d7e6b87c12ebc0", "Kosher"), "a@example.com")
    with pytest.raises(InvalidInputError) as info:
        hash_identity("a@example.com", "x", alg="sha1")
    assert info.value.code == "identity_hash_unsupported"


def test_plaintext_identity_when_not_hashed() -> None:
    obj = _obj("student@1edtech.edu", salt="not-used", hashed=False)
    assert identity_matches(obj, "student@1edtech.edu")
    assert identity_matches(obj, "  Student@1EdTech.edu ")
    assert identity_matches(obj, "student@1edtech.edu", normalize=False)
    assert not identity_matches(obj, "  Student@1EdTech.edu ", normalize=False)
    assert not identity_matches(obj, "other@1edtech.edu")


def test_normalized_email_is_a_second_try_only() -> None:
    h = hash_identity("a@example.com", "Kosher")
    assert identity_matches(_obj(h, "Kosher"), " A@Example.COM ")
    assert not identity_matches(_obj(h, "Kosher"), " A@Example.COM ", normalize=False)
    # an issuer that hashed the address exactly as typed still matches that form
    exact = hash_identity("A@Example.com", "Kosher")
    assert identity_matches(_obj(exact, "Kosher"), "A@Example.com")
    assert not identity_matches(_obj(exact, "Kosher"), "a@example.com")


def test_normalization_not_applied_to_other_identity_types() -> None:
    h = hash_identity("user123", "s")
    obj = {"type": "IdentityObject", "identityType": "sourcedId", "hashed": True,
           "identityHash": h, "salt": "s"}
    assert identity_matches(obj, "user123")
    assert not identity_matches(obj, "USER123")


def test_normalize_email() -> None:
    assert normalize_email("  Jane.Doe@Example.ORG\n") == "jane.doe@example.org"


@pytest.mark.parametrize(
    "obj",
    [
        None,
        "sha256$abc",
        [],
        {},
        {"hashed": True},
        {"hashed": "true", "identityHash": SPEC_EXAMPLE[2], "salt": "Kosher"},
        {"hashed": True, "identityHash": 42, "salt": "Kosher"},
        {"hashed": True, "identityHash": SPEC_EXAMPLE[2], "salt": 7},
        {"hashed": True, "identityHash": "sha256$", "salt": "Kosher"},
        {"hashed": True, "identityHash": "\ud800", "salt": "Kosher"},
        {"hashed": True, "identityHash": SPEC_EXAMPLE[2], "salt": "\udfff"},
    ],
)
def test_malformed_identity_objects_never_match_and_never_raise(obj: object) -> None:
    assert identity_matches(obj, "a@example.com") is False


def test_hostile_values_never_raise() -> None:
    obj = _obj(SPEC_EXAMPLE[2], "Kosher")
    assert identity_matches(obj, "\ud800@example.com") is False
    assert identity_matches(obj, 42) is False  # type: ignore[arg-type]


def test_hash_identity_rejects_non_strings() -> None:
    with pytest.raises(InvalidInputError):
        hash_identity(42, "salt")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        hash_identity("a@example.com", 42)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        hash_identity("\ud800", None)
