"""The Open Badges 3.0 data model as pydantic v2 models (see ``docs/models.md``).

Build, parse and write credentials::

    from openbadge_kit.models import (Achievement, AchievementCredential, Criteria,
                                      IdentityObject, Profile)

    credential = AchievementCredential.new(
        issuer=Profile(id="https://example.edu/issuers/1", name="Example College"),
        achievement=Achievement(id="https://example.edu/achievements/teamwork",
                                name="Teamwork", description="Works well in a team.",
                                criteria=Criteria(narrative="Peer nominated.")),
        recipient=IdentityObject.hashed_email("learner@example.com"),
    )
    data = credential.to_jsonld()                     # dict, ready to sign
    again = AchievementCredential.from_jsonld(data)   # parse (lenient, lossless)

Attributes are snake_case; JSON names are the spec's.  Parse errors are
:class:`~openbadge_kit.errors.ModelValidationError` with the JSON path that failed.
"""

from __future__ import annotations

from .achievement import ACHIEVEMENT_TYPES, Achievement
from .base import JsonLdModel, new_id
from .common import (
    Address,
    Alignment,
    Criteria,
    Evidence,
    GeoCoordinates,
    IdentifierEntry,
    Image,
    Related,
)
from .credential import (
    AchievementCredential,
    AchievementSubject,
    OpenBadgeCredential,
    credential_class,
    parse_credential,
)
from .endorsement import EndorsementCredential, EndorsementSubject
from .profile import Profile
from .recipient import IdentityObject
from .result import COMPLETE_INCOMPLETE, Result, ResultDescription, RubricCriterionLevel
from .vc import (
    DEFAULT_CONTEXT,
    OB_CONTEXT,
    OB_EXTENSIONS_CONTEXT,
    VC_V1_CONTEXT,
    VC_V2_CONTEXT,
    CredentialSchema,
    CredentialStatus,
    Proof,
    RefreshService,
    TermsOfUse,
    VerifiableCredential,
)

# Profile <-> EndorsementCredential and Achievement -> EndorsementCredential refer to each
# other; resolve the forward references once everything is defined.
_NAMESPACE = {"EndorsementCredential": EndorsementCredential, "Profile": Profile}
for _model in (Profile, Achievement, EndorsementCredential, AchievementSubject,
               AchievementCredential):
    _model.model_rebuild(_types_namespace=_NAMESPACE)
del _model

__all__ = [
    "ACHIEVEMENT_TYPES",
    "COMPLETE_INCOMPLETE",
    "DEFAULT_CONTEXT",
    "OB_CONTEXT",
    "OB_EXTENSIONS_CONTEXT",
    "VC_V1_CONTEXT",
    "VC_V2_CONTEXT",
    "Achievement",
    "AchievementCredential",
    "AchievementSubject",
    "Address",
    "Alignment",
    "CredentialSchema",
    "CredentialStatus",
    "Criteria",
    "EndorsementCredential",
    "EndorsementSubject",
    "Evidence",
    "GeoCoordinates",
    "IdentifierEntry",
    "IdentityObject",
    "Image",
    "JsonLdModel",
    "OpenBadgeCredential",
    "Profile",
    "Proof",
    "RefreshService",
    "Related",
    "Result",
    "ResultDescription",
    "RubricCriterionLevel",
    "TermsOfUse",
    "VerifiableCredential",
    "credential_class",
    "new_id",
    "parse_credential",
]
