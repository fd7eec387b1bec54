"""``AchievementCredential`` (alias ``OpenBadgeCredential``): an awarded achievement.

Issue a new one with :meth:`AchievementCredential.new`; read any credential with
:func:`parse_credential`, which picks the class from ``type``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, Field, model_validator

from ..dates import utcnow
from ..errors import ModelValidationError
from ..limits import DEFAULT_LIMITS, Limits
from .achievement import Achievement
from .base import DateTimeStr, JsonLdModel, Number, Uri, check_types, datetime_text, new_id
from .common import Evidence, Image, ImageRef
from .endorsement import EndorsementCredential
from .profile import Profile, ProfileRef
from .recipient import IdentityObject
from .result import Result
from .vc import DEFAULT_CONTEXT, CredentialSchema, CredentialStatus, VerifiableCredential

AchievementSubjectTypes = Annotated[
    list[str], AfterValidator(check_types(("AchievementSubject",)))
]
AchievementCredentialTypes = Annotated[
    list[str],
    AfterValidator(
        check_types(
            ("VerifiableCredential",), any_of=("OpenBadgeCredential", "AchievementCredential")
        )
    ),
]


class AchievementSubject(JsonLdModel):
    """The recipient of the credential and what they achieved.

    The recipient is ``id`` (usually a DID) or one or more ``identifier`` entries
    (:class:`~openbadge_kit.models.recipient.IdentityObject`, e.g. a hashed e-mail);
    the spec wants at least one of them.  ``result`` reports the learner's results for
    the achievement's result descriptions.
    """

    id: Uri | None = None
    type: AchievementSubjectTypes = Field(default_factory=lambda: ["AchievementSubject"])
    activity_end_date: str | None = None
    activity_start_date: str | None = None
    credits_earned: Number | None = None
    achievement: Achievement
    identifier: list[IdentityObject] = Field(default_factory=list)
    image: ImageRef | None = None
    license_number: str | None = None
    narrative: str | None = None
    result: list[Result] = Field(default_factory=list)
    role: str | None = None
    source: Profile | None = None
    term: str | None = None


class AchievementCredential(VerifiableCredential):
    """An Open Badges 3.0 credential: ``issuer`` awards ``credential_subject.achievement``.

    ``OpenBadgeCredential`` is the same class.  Parse with :meth:`from_jsonld`; build a new
    one with :meth:`new`; write with :meth:`to_jsonld` (sign the result with a proof suite).
    """

    type: AchievementCredentialTypes = Field(
        default_factory=lambda: ["VerifiableCredential", "OpenBadgeCredential"]
    )
    image: ImageRef | None = None
    awarded_date: DateTimeStr | None = None
    issuer: ProfileRef
    credential_subject: AchievementSubject
    endorsement: list[EndorsementCredential] = Field(default_factory=list)
    endorsement_jwt: list[str] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_start(self) -> AchievementCredential:
        if self.valid_from is None and self.issuance_date is None:
            raise ValueError("validFrom (or, in VC 1.1, issuanceDate) is required")
        return self

    @property
    def achievement(self) -> Achievement:
        """Shortcut for ``credential_subject.achievement``."""
        return self.credential_subject.achievement

    @classmethod
    def new(
        cls,
        *,
        issuer: Profile | str,
        achievement: Achievement,
        recipient: str | IdentityObject | Sequence[IdentityObject] | AchievementSubject,
        name: str | None = None,
        description: str | None = None,
        id: str | None = None,
        valid_from: datetime | str | None = None,
        valid_until: datetime | str | None = None,
        awarded_date: datetime | str | None = None,
        evidence: Sequence[Evidence] = (),
        results: Sequence[Result] = (),
        image: Image | str | None = None,
        credential_status: CredentialStatus | None = None,
        credential_schema: Sequence[CredentialSchema] = (),
        context: Sequence[str | dict[str, Any]] = DEFAULT_CONTEXT,
    ) -> AchievementCredential:
        """A fresh, unsigned credential awarding ``achievement`` to ``recipient``.

        * ``issuer``: a :class:`Profile` (a bare id becomes ``Profile(id=...)``, since
          verifiers expect an object);
        * ``recipient``: a DID or URI (``credentialSubject.id``), one or more
          :class:`IdentityObject` (e.g. ``IdentityObject.hashed_email(...)``), or a
          ready :class:`AchievementSubject` (then ``results`` must be empty);
        * ``name`` defaults to the achievement's name (always written: VC 1.1-era
          verifiers require it); ``id`` to a new ``urn:uuid``; ``valid_from`` to now.
          Date-times are written as whole seconds in UTC (``2024-05-01T12:00:00Z``).
        * ``context`` defaults to VC 2.0 + OB 3.0.3; add e.g. the extensions context if
          ``credential_status`` uses a 1EdTech type.
        """
        if isinstance(recipient, AchievementSubject):
            if results:
                raise ModelValidationError(
                    "give results inside the AchievementSubject, not both",
                    path="$.credentialSubject.result",
                )
            subject = recipient
        else:
            if isinstance(recipient, str):
                subject_id: str | None = recipient
                identifiers: list[IdentityObject] = []
            elif isinstance(recipient, IdentityObject):
                subject_id, identifiers = None, [recipient]
            else:
                subject_id, identifiers = None, list(recipient)
            if subject_id is None and not identifiers:
                raise ModelValidationError(
                    "a recipient needs an id or at least one identifier",
                    path="$.credentialSubject",
                )
            subject = AchievementSubject(
                id=subject_id,
                identifier=identifiers,
                achievement=achievement,
                result=list(results),
            )
        return cls(
            context=list(context),
            id=id or new_id(),
            name=name if name is not None else achievement.name,
            description=description,
            image=image,
            awarded_date=datetime_text(awarded_date),
            issuer=Profile(id=issuer) if isinstance(issuer, str) else issuer,
            valid_from=datetime_text(valid_from if valid_from is not None else utcnow()),
            valid_until=datetime_text(valid_until),
            credential_subject=subject,
            evidence=list(evidence),
            credential_schema=list(credential_schema),
            credential_status=credential_status,
        )


#: the same class under the type name most issuers use
OpenBadgeCredential = AchievementCredential

_BY_TYPE: dict[str, type[VerifiableCredential]] = {
    "OpenBadgeCredential": AchievementCredential,
    "AchievementCredential": AchievementCredential,
    "EndorsementCredential": EndorsementCredential,
}


def credential_class(data: Mapping[str, Any]) -> type[VerifiableCredential]:
    """The model class for a credential's ``type``: OB classes, else the generic one."""
    types = data.get("type")
    names = [types] if isinstance(types, str) else types if isinstance(types, list) else []
    for name in names:
        if isinstance(name, str) and name in _BY_TYPE:
            return _BY_TYPE[name]
    return VerifiableCredential


def parse_credential(data: Any, *, limits: Limits = DEFAULT_LIMITS) -> VerifiableCredential:
    """Parse any credential: Open Badges classes by ``type``, others as generic VCs.

    Raises :class:`~openbadge_kit.errors.ModelValidationError` (with ``path`` and
    ``errors``) when the data does not fit the class its ``type`` names.
    """
    if not isinstance(data, Mapping):
        raise ModelValidationError(
            f"expected a JSON object for a credential, got {type(data).__name__}"
        )
    return credential_class(data).from_jsonld(data, limits=limits)
