"""``IdentityObject``: naming a recipient by a (usually hashed) identifier (NOTES 1.7)."""

from __future__ import annotations

import secrets
from typing import Annotated

from pydantic import AfterValidator, Field, StrictBool

from ..identity import hash_identity, identity_matches, normalize_email
from .base import JsonLdModel, check_types

IdentityObjectTypes = Annotated[list[str], AfterValidator(check_types(("IdentityObject",)))]


class IdentityObject(JsonLdModel):
    """A recipient identifier, hashed or in the clear.

    With ``hashed=True``, ``identity_hash`` is ``sha256$<hex>`` of the identifier with
    ``salt`` appended.  Build one for an e-mail address with :meth:`hashed_email`;
    check an address against one with :meth:`matches`.

    >>> IdentityObject.hashed_email("a@example.com", salt="Kosher").identity_hash
    'sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399'
    """

    _single_keys = frozenset({"type"})

    type: IdentityObjectTypes = Field(default_factory=lambda: ["IdentityObject"])
    identity_hash: str
    identity_type: str
    hashed: StrictBool
    salt: str | None = None

    @classmethod
    def hashed_email(
        cls, email: str, salt: str | None = None, *, normalize: bool = True
    ) -> IdentityObject:
        """A hashed ``emailAddress`` identity for ``email``.

        ``salt`` defaults to a fresh random value (32 hex characters), so the hash
        cannot be reversed with a table of common addresses.  With ``normalize`` (the
        default) the address is trimmed and lower-cased before hashing, the form
        verifiers try; pass ``normalize=False`` to hash it exactly as given.
        """
        value = normalize_email(email) if normalize else email
        if salt is None:
            salt = secrets.token_hex(16)
        return cls(
            identity_hash=hash_identity(value, salt),
            identity_type="emailAddress",
            hashed=True,
            salt=salt,
        )

    @classmethod
    def plain(cls, identifier: str, identity_type: str = "emailAddress") -> IdentityObject:
        """An identity in the clear (``hashed: false``), e.g. a student number."""
        return cls(identity_hash=identifier, identity_type=identity_type, hashed=False)

    def matches(self, value: str, *, normalize: bool = True) -> bool:
        """Whether ``value`` is this identity.

        See :func:`openbadge_kit.identity.identity_matches` (``normalize`` tries the
        lower-cased, trimmed e-mail address as well).
        """
        return identity_matches(self.to_jsonld(), value, normalize=normalize)
