"""``EndorsementCredential``: a third party vouching for a profile, achievement or credential."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, Field

from ..dates import utcnow
from .base import DateTimeStr, JsonLdModel, Uri, check_types, datetime_text, new_id
from .profile import Profile, ProfileRef
from .vc import DEFAULT_CONTEXT, VerifiableCredential

EndorsementSubjectTypes = Annotated[
    list[str], AfterValidator(check_types(("EndorsementSubject",)))
]
EndorsementTypes = Annotated[
    list[str],
    AfterValidator(check_types(("VerifiableCredential", "EndorsementCredential"))),
]


class EndorsementSubject(JsonLdModel):
    """What is endorsed (``id``: a profile, achievement or credential id) and a comment."""

    id: Uri
    type: EndorsementSubjectTypes = Field(default_factory=lambda: ["EndorsementSubject"])
    endorsement_comment: str | None = None


class EndorsementCredential(VerifiableCredential):
    """An endorsement, itself a verifiable credential with its own issuer and proof.

    OB 3.0 requires ``name`` and ``id``; drafts did not, so they are optional when
    parsing (schema validation reports them) and always written by :meth:`new`.

    Build a new one with :meth:`new`; parse one with :meth:`from_jsonld`.
    """

    type: EndorsementTypes = Field(
        default_factory=lambda: ["VerifiableCredential", "EndorsementCredential"]
    )
    issuer: ProfileRef
    credential_subject: EndorsementSubject
    awarded_date: DateTimeStr | None = None

    @classmethod
    def new(
        cls,
        *,
        issuer: Profile | str,
        endorsed_id: str,
        name: str,
        comment: str | None = None,
        id: str | None = None,
        valid_from: datetime | str | None = None,
        valid_until: datetime | str | None = None,
        description: str | None = None,
        context: Sequence[str | dict[str, Any]] = DEFAULT_CONTEXT,
    ) -> EndorsementCredential:
        """A fresh, unsigned endorsement of ``endorsed_id`` by ``issuer``.

        ``id`` defaults to a new ``urn:uuid``, ``valid_from`` to now (whole seconds, UTC).
        """
        return cls(
            context=list(context),
            id=id or new_id(),
            name=name,
            description=description,
            issuer=Profile(id=issuer) if isinstance(issuer, str) else issuer,
            valid_from=datetime_text(valid_from if valid_from is not None else utcnow()),
            valid_until=datetime_text(valid_until),
            credential_subject=EndorsementSubject(id=endorsed_id, endorsement_comment=comment),
        )
