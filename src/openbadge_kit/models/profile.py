"""``Profile``: an issuer, creator, assessor or parent organization (OB §Profile)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Union

from pydantic import AfterValidator, Discriminator, Field, Tag

from .base import JsonLdModel, Uri, check_types, object_or_uri
from .common import Address, IdentifierEntry, ImageRef

if TYPE_CHECKING:
    from .endorsement import EndorsementCredential

ProfileTypes = Annotated[list[str], AfterValidator(check_types(("Profile",)))]


class Profile(JsonLdModel):
    """A person or organization, e.g. the issuer of a credential.

    ``id`` is required (an HTTPS URL or a DID the issuer controls); most issuers also
    give ``name``, ``url`` and ``email``.  OB 3.0 profiles have no ``publicKey``: keys
    live in the DID document or controller document named by ``id``.

    >>> Profile(id="https://example.edu/issuers/1", name="Example College").to_jsonld()
    {'id': 'https://example.edu/issuers/1', 'type': ['Profile'], 'name': 'Example College'}
    """

    id: Uri
    type: ProfileTypes = Field(default_factory=lambda: ["Profile"])
    name: str | None = None
    url: Uri | None = None
    phone: str | None = None
    description: str | None = None
    endorsement: list[EndorsementCredential] = Field(default_factory=list)
    endorsement_jwt: list[str] = Field(default_factory=list)
    image: ImageRef | None = None
    email: str | None = None
    address: Address | None = None
    other_identifier: list[IdentifierEntry] = Field(default_factory=list)
    official: str | None = None
    parent_org: Profile | None = None
    family_name: str | None = None
    given_name: str | None = None
    additional_name: str | None = None
    patronymic_name: str | None = None
    honorific_prefix: str | None = None
    honorific_suffix: str | None = None
    family_name_prefix: str | None = None
    date_of_birth: str | None = None


#: ``issuer``: a :class:`Profile` object (what this library issues) or a bare URI
ProfileRef = Annotated[
    Union[Annotated[Profile, Tag("Object")], Annotated[Uri, Tag("Uri")]],  # noqa: UP007
    Discriminator(object_or_uri),
]
