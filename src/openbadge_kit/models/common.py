"""Small Open Badges 3.0 classes used by several others (OB §Data Models, NOTES 1.5).

Images, alignments to competency frameworks, criteria, evidence, addresses and other
identifiers.  Every class keeps unknown properties (extensions) and writes itself back
with :meth:`~openbadge_kit.models.base.JsonLdModel.to_jsonld`.
"""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import AfterValidator, Discriminator, Field, Tag

from .base import JsonLdModel, Number, Uri, check_types, object_or_uri

ImageTypes = Annotated[list[str], AfterValidator(check_types(("Image",)))]


class Image(JsonLdModel):
    """An image: ``id`` is its URL or a ``data:`` URI; ``caption`` is its alternative text.

    >>> Image(id="https://example.org/badge.png", caption="A gold star").to_jsonld()
    {'id': 'https://example.org/badge.png', 'type': 'Image', 'caption': 'A gold star'}
    """

    id: Uri
    _single_keys = frozenset({"type"})

    type: ImageTypes = Field(default_factory=lambda: ["Image"])
    caption: str | None = None


#: ``image`` as an :class:`Image` object, or (as some issuers write it) a bare URL
ImageRef = Annotated[
    Union[Annotated[Image, Tag("Object")], Annotated[Uri, Tag("Uri")]],  # noqa: UP007
    Discriminator(object_or_uri),
]


IdentifierEntryTypes = Annotated[list[str], AfterValidator(check_types(("IdentifierEntry",)))]


class IdentifierEntry(JsonLdModel):
    """Another identifier of a profile or achievement (``identifierType`` e.g. ``sourcedId``)."""

    _single_keys = frozenset({"type"})

    type: IdentifierEntryTypes = Field(default_factory=lambda: ["IdentifierEntry"])
    identifier: str
    identifier_type: str


GeoCoordinatesTypes = Annotated[list[str], AfterValidator(check_types(("GeoCoordinates",)))]


class GeoCoordinates(JsonLdModel):
    """A point on Earth, in decimal degrees."""

    _single_keys = frozenset({"type"})

    type: GeoCoordinatesTypes = Field(default_factory=lambda: ["GeoCoordinates"])
    latitude: Number
    longitude: Number


AddressTypes = Annotated[list[str], AfterValidator(check_types(("Address",)))]


class Address(JsonLdModel):
    """A postal address (``addressCountryCode`` is ISO 3166-1 alpha-2)."""

    type: AddressTypes = Field(default_factory=lambda: ["Address"])
    address_country: str | None = None
    address_country_code: str | None = None
    address_region: str | None = None
    address_locality: str | None = None
    street_address: str | None = None
    post_office_box_number: str | None = None
    postal_code: str | None = None
    geo: GeoCoordinates | None = None


RelatedTypes = Annotated[list[str], AfterValidator(check_types(("Related",)))]


class Related(JsonLdModel):
    """Another version of the same achievement (e.g. in another language)."""

    id: Uri
    type: RelatedTypes = Field(default_factory=lambda: ["Related"])
    in_language: str | None = None
    version: str | None = None


AlignmentTypes = Annotated[list[str], AfterValidator(check_types(("Alignment",)))]


class Alignment(JsonLdModel):
    """An alignment to an item of a competency framework or other educational standard.

    ``target_name`` and ``target_url`` are required; ``target_type`` is one of
    ``ceasn:Competency``, ``ceterms:Credential``, ``CFItem``, ``CFRubric``,
    ``CFRubricCriterion``, ``CFRubricCriterionLevel``, ``CTDL`` or an ``ext:`` value.
    """

    type: AlignmentTypes = Field(default_factory=lambda: ["Alignment"])
    target_name: str
    target_url: Uri
    target_code: str | None = None
    target_description: str | None = None
    target_framework: str | None = None
    target_type: str | None = None


class Criteria(JsonLdModel):
    """How an achievement is earned: a ``narrative`` (Markdown) and/or a criteria page ``id``.

    Criteria has no ``type`` in OB 3.0.
    """

    id: Uri | None = None
    narrative: str | None = None


EvidenceTypes = Annotated[list[str], AfterValidator(check_types(("Evidence",)))]


class Evidence(JsonLdModel):
    """Something the learner produced or did to earn the achievement.

    ``id`` is the evidence URL (or a ``urn:`` id; avoid large ``data:`` URIs, which make
    signing slow).  ``narrative`` is Markdown.

    >>> Evidence(name="Final report", narrative="Graded *A*").to_jsonld()
    {'type': ['Evidence'], 'narrative': 'Graded *A*', 'name': 'Final report'}
    """

    id: Uri | None = None
    type: EvidenceTypes = Field(default_factory=lambda: ["Evidence"])
    narrative: str | None = None
    name: str | None = None
    description: str | None = None
    genre: str | None = None
    audience: str | None = None
