"""W3C Verifiable Credentials parts that Open Badges uses (VC 2.0, VC 1.1 readable).

:class:`VerifiableCredential` is the generic credential: any credential (a CLR, a status
list credential...) parses into it and writes back unchanged.  The Open Badges
credentials (:class:`~openbadge_kit.models.credential.AchievementCredential`,
:class:`~openbadge_kit.models.endorsement.EndorsementCredential`) extend it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, Field

from .base import DateTimeStr, JsonLdModel, Uri, check_types, parse_jsonld_datetime

#: VC 2.0 base context (position 0 of every credential issued here)
VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
#: VC 1.1 base context (read only)
VC_V1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
#: the OB 3.0 context this library issues with
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
#: 1EdTech extensions context (``1EdTechRevocationList``, ``1EdTechCredentialRefresh``...)
OB_EXTENSIONS_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
#: ``@context`` of a newly issued Open Badges credential
DEFAULT_CONTEXT: tuple[str, ...] = (VC_V2_CONTEXT, OB_CONTEXT)

#: ``credentialSchema`` entries that OB 3.0 defines
ACHIEVEMENT_CREDENTIAL_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
ENDORSEMENT_CREDENTIAL_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json"
)


class Proof(JsonLdModel):
    """An embedded proof (Data Integrity, Ed25519Signature2020...), kept as written.

    The model does not judge a proof: ``created``, ``verificationMethod`` and the rest
    are plain strings so that a malformed proof still parses and the proof check can
    report exactly what is wrong with it.
    """

    type: str
    created: str | None = None
    cryptosuite: str | None = None
    challenge: str | None = None
    domain: str | None = None
    nonce: str | None = None
    proof_purpose: str | None = None
    proof_value: str | None = None
    verification_method: str | None = None


class CredentialSchema(JsonLdModel):
    """A JSON Schema the credential claims to conform to.

    OB 3.0 uses ``type: "1EdTechJsonSchemaValidator2019"``; see
    :meth:`achievement_credential` for the entry the spec defines.
    """

    id: Uri
    type: str

    @classmethod
    def achievement_credential(cls) -> CredentialSchema:
        """The OB 3.0 AchievementCredential JSON Schema entry."""
        return cls(id=ACHIEVEMENT_CREDENTIAL_SCHEMA, type="1EdTechJsonSchemaValidator2019")

    @classmethod
    def endorsement_credential(cls) -> CredentialSchema:
        """The OB 3.0 EndorsementCredential JSON Schema entry."""
        return cls(id=ENDORSEMENT_CREDENTIAL_SCHEMA, type="1EdTechJsonSchemaValidator2019")


class CredentialStatus(JsonLdModel):
    """Where to check revocation or suspension (``BitstringStatusListEntry``...).

    The method's own properties (``statusPurpose``, ``statusListIndex``,
    ``statusListCredential``...) are kept as extensions, exactly as written.
    """

    id: Uri | None = None
    type: str


class RefreshService(JsonLdModel):
    """Where a newer copy of the credential can be obtained (``1EdTechCredentialRefresh``)."""

    id: Uri
    type: str


class TermsOfUse(JsonLdModel):
    """Terms of use the issuer attaches to the credential."""

    id: Uri | None = None
    type: str


VcTypes = Annotated[list[str], AfterValidator(check_types(("VerifiableCredential",)))]


class VerifiableCredential(JsonLdModel):
    """Any W3C Verifiable Credential (VC 2.0 or 1.1), parsed without losing anything.

    ``issuer`` and ``credential_subject`` are kept as JSON values here; the Open Badges
    subclasses give them their OB types.  VC 1.1 ``issuanceDate``/``expirationDate`` are
    read and written back as such; :attr:`valid_from_datetime` and
    :attr:`valid_until_datetime` answer for either version.
    """

    _keys_first: ClassVar[tuple[str, ...]] = (
        "@context", "id", "type", "name", "description", "image", "awardedDate", "issuer",
        "validFrom", "validUntil", "issuanceDate", "expirationDate", "credentialSubject",
    )
    _keys_last: ClassVar[tuple[str, ...]] = ("proof",)
    #: a credential read from JSON must say what it is (VC data model: ``type`` is
    #: required); built in Python, it defaults to ``["VerifiableCredential"]``
    _required_in_json = frozenset({"type"})

    context: list[str | dict[str, Any]]
    id: Uri | None = None
    type: VcTypes = Field(default_factory=lambda: ["VerifiableCredential"])
    name: str | None = None
    description: str | None = None
    issuer: Any
    valid_from: DateTimeStr | None = None
    valid_until: DateTimeStr | None = None
    issuance_date: DateTimeStr | None = None
    expiration_date: DateTimeStr | None = None
    credential_subject: Any
    evidence: list[Any] = Field(default_factory=list)
    credential_schema: list[CredentialSchema] = Field(default_factory=list)
    credential_status: CredentialStatus | None = None
    refresh_service: RefreshService | None = None
    terms_of_use: list[TermsOfUse] = Field(default_factory=list)
    proof: list[Proof] = Field(default_factory=list)

    @property
    def vc_version(self) -> str | None:
        """``"2.0"`` or ``"1.1"`` from the first ``@context`` entry (``None`` if neither)."""
        first = self.context[0] if self.context else None
        return {VC_V2_CONTEXT: "2.0", VC_V1_CONTEXT: "1.1"}.get(first if isinstance(first, str)
                                                                 else "")

    @property
    def valid_from_datetime(self) -> datetime | None:
        """When the credential becomes valid: ``validFrom``, or VC 1.1 ``issuanceDate``."""
        return parse_jsonld_datetime(self.valid_from or self.issuance_date)

    @property
    def valid_until_datetime(self) -> datetime | None:
        """When it expires: ``validUntil``, or VC 1.1 ``expirationDate`` (``None``: never)."""
        return parse_jsonld_datetime(self.valid_until or self.expiration_date)

    @property
    def issuer_id(self) -> str | None:
        """The issuer's id, whether ``issuer`` is a URI or an object."""
        issuer = self.issuer
        if isinstance(issuer, str):
            return issuer
        value = getattr(issuer, "id", None)
        if value is None and isinstance(issuer, dict):
            value = issuer.get("id")
        return value if isinstance(value, str) else None
