"""``Achievement``: what is being recognized (OB §Achievement).

An achievement is defined once by its creator and reused in every credential that
awards it::

    achievement = Achievement(
        id="https://example.edu/achievements/teamwork",
        name="Teamwork",
        description="Works well in a team.",
        criteria=Criteria(narrative="Nominated by peers and confirmed by a mentor."),
        achievement_type="Badge",
    )
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import AfterValidator, Field

from .base import DefaultedUri, JsonLdModel, Number, check_types, new_id
from .common import Alignment, Criteria, IdentifierEntry, ImageRef, Related
from .profile import Profile
from .result import ResultDescription

if TYPE_CHECKING:
    from .endorsement import EndorsementCredential

AchievementTypes = Annotated[list[str], AfterValidator(check_types(("Achievement",)))]

#: AchievementType values OB 3.0 defines (``ext:`` + name extends the list)
ACHIEVEMENT_TYPES = (
    "Achievement", "ApprenticeshipCertificate", "Assessment", "Assignment", "AssociateDegree",
    "Award", "Badge", "BachelorDegree", "Certificate", "CertificateOfCompletion",
    "Certification", "CommunityService", "Competency", "Course", "CoCurricular", "Degree",
    "Diploma", "DoctoralDegree", "Fieldwork", "GeneralEducationDevelopment",
    "JourneymanCertificate", "LearningProgram", "License", "Membership",
    "ProfessionalDoctorate", "QualityAssuranceCredential", "MasterCertificate", "MasterDegree",
    "MicroCredential", "ResearchDoctorate", "SecondarySchoolDiploma",
)


class Achievement(JsonLdModel):
    """An accomplishment that credentials award: name, description and criteria required.

    ``id`` defaults to a new ``urn:uuid`` but should be a stable URL or id of yours, so
    every credential for the achievement names the same one.  ``achievement_type`` is one
    of :data:`ACHIEVEMENT_TYPES` (or ``ext:`` + a name).  ``result_description`` lists
    the results credentials may report (see :mod:`openbadge_kit.models.result`).
    """

    _required_in_json = frozenset({"id"})

    id: DefaultedUri = Field(default_factory=new_id)
    type: AchievementTypes = Field(default_factory=lambda: ["Achievement"])
    alignment: list[Alignment] = Field(default_factory=list)
    achievement_type: str | None = None
    creator: Profile | None = None
    credits_available: Number | None = None
    criteria: Criteria
    description: str
    endorsement: list[EndorsementCredential] = Field(default_factory=list)
    endorsement_jwt: list[str] = Field(default_factory=list)
    field_of_study: str | None = None
    human_code: str | None = None
    image: ImageRef | None = None
    in_language: str | None = None
    name: str
    other_identifier: list[IdentifierEntry] = Field(default_factory=list)
    related: list[Related] = Field(default_factory=list)
    result_description: list[ResultDescription] = Field(default_factory=list)
    specialization: str | None = None
    tag: list[str] = Field(default_factory=list)
    version: str | None = None

    def result_description_by_id(self, description_id: str) -> ResultDescription | None:
        """The result description with this id, if the achievement has it."""
        return next((d for d in self.result_description if d.id == description_id), None)
