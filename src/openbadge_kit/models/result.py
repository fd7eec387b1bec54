"""Results: what an achievement measures and what the learner got (OB §Result).

An :class:`~openbadge_kit.models.achievement.Achievement` describes possible results in
``resultDescription``; the credential's subject reports the learner's in ``result``,
each pointing back at its description by id.

Rubric (Complete / Incomplete) for an assignment::

    rubric = ResultDescription.rubric("Resume assignment")   # levels Complete, Incomplete
    achievement = Achievement(..., result_description=[rubric])
    result = Result.for_level(rubric, "Complete")             # achievedLevel = Complete's id

A number, e.g. hours of employer engagement::

    hours = ResultDescription.numeric("Hours of employer engagement", value_min=0)
    result = Result.for_value(hours, 12)                       # value "12"
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from ..errors import ModelValidationError
from .base import JsonLdModel, Uri, check_types, new_id
from .common import Alignment

RubricLevelTypes = Annotated[list[str], AfterValidator(check_types(("RubricCriterionLevel",)))]
ResultDescriptionTypes = Annotated[list[str], AfterValidator(check_types(("ResultDescription",)))]
ResultTypes = Annotated[list[str], AfterValidator(check_types(("Result",)))]

#: ResultStatusType (a closed enumeration; ``Completed`` is implied when absent)
ResultStatus = Literal[
    "Completed", "Enrolled", "Failed", "InProgress", "OnHold", "Provisional", "Withdrew"
]

#: the two levels of a pass/fail rubric: (name, points)
COMPLETE_INCOMPLETE: tuple[tuple[str, str], ...] = (("Complete", "1"), ("Incomplete", "0"))


class RubricCriterionLevel(JsonLdModel):
    """One level of a rubric criterion, e.g. ``Complete`` worth ``"1"`` point."""

    id: Uri
    type: RubricLevelTypes = Field(default_factory=lambda: ["RubricCriterionLevel"])
    alignment: list[Alignment] = Field(default_factory=list)
    description: str | None = None
    level: str | None = None
    name: str
    points: str | None = None


class ResultDescription(JsonLdModel):
    """A result an achievement can report: a grade, a score, a rubric level, a status.

    ``result_type`` is one of ``GradePointAverage``, ``LetterGrade``, ``Percent``,
    ``PerformanceLevel``, ``PredictedScore``, ``RawScore``, ``Result``,
    ``RubricCriterion``, ``RubricCriterionLevel``, ``RubricScore``, ``ScaledScore``,
    ``Status`` (or an ``ext:`` value).  Values (``value_min``, ``allowed_value``...) are
    strings in OB 3.0.  Build the common ones with :meth:`rubric` and :meth:`numeric`.
    """

    id: Uri
    type: ResultDescriptionTypes = Field(default_factory=lambda: ["ResultDescription"])
    alignment: list[Alignment] = Field(default_factory=list)
    allowed_value: list[str] = Field(default_factory=list)
    name: str
    required_level: Uri | None = None
    required_value: str | None = None
    result_type: str
    rubric_criterion_level: list[RubricCriterionLevel] = Field(default_factory=list)
    value_max: str | None = None
    value_min: str | None = None

    @classmethod
    def rubric(
        cls,
        name: str,
        levels: Sequence[tuple[str, str | None]] = COMPLETE_INCOMPLETE,
        *,
        id: str | None = None,
        required_level: str | None = None,
        alignment: Sequence[Alignment] = (),
    ) -> ResultDescription:
        """A rubric result (``resultType: "RubricCriterionLevel"``) with the given levels.

        ``levels`` are ``(name, points)`` pairs, Complete (1 point) and Incomplete
        (0 points) by default.  Each level's id is derived from this description's
        ``id`` (a new ``urn:uuid`` unless given), so a stable description id gives
        stable level ids across runs.  ``required_level`` names the level needed to
        earn the achievement (by name), e.g. ``"Complete"``.
        """
        if not levels:
            raise ModelValidationError("a rubric needs at least one level", path="$.levels")
        description_id = id or new_id()
        entries = [
            RubricCriterionLevel(
                id=new_id(f"{description_id}#level={level_name}"),
                name=level_name,
                points=points,
            )
            for level_name, points in levels
        ]
        made = cls(
            id=description_id,
            name=name,
            result_type="RubricCriterionLevel",
            rubric_criterion_level=entries,
            alignment=list(alignment),
        )
        if required_level is not None:
            made.required_level = made.level(required_level).id
        return made

    @classmethod
    def numeric(
        cls,
        name: str,
        *,
        result_type: str = "RawScore",
        value_min: float | int | str | None = None,
        value_max: float | int | str | None = None,
        required_value: float | int | str | None = None,
        id: str | None = None,
        alignment: Sequence[Alignment] = (),
    ) -> ResultDescription:
        """A numeric result, ``RawScore`` by default (e.g. hours of employer engagement).

        Numbers are written as strings, as OB 3.0 requires (``12`` -> ``"12"``).
        """
        return cls(
            id=id or new_id(),
            name=name,
            result_type=result_type,
            value_min=_as_text(value_min),
            value_max=_as_text(value_max),
            required_value=_as_text(required_value),
            alignment=list(alignment),
        )

    def level(self, name_or_id: str) -> RubricCriterionLevel:
        """The rubric level with this name or id; ``ModelValidationError`` if there is none."""
        for entry in self.rubric_criterion_level:
            if name_or_id in (entry.id, entry.name):
                return entry
        known = ", ".join(repr(e.name) for e in self.rubric_criterion_level) or "none"
        raise ModelValidationError(
            f"result description {self.name!r} has no rubric level {name_or_id!r} "
            f"(levels: {known})",
            path="$.rubricCriterionLevel",
        )


class Result(JsonLdModel):
    """A learner's result for one :class:`ResultDescription` of the achievement.

    ``result_description`` is the description's id; ``achieved_level`` the id of a
    rubric level; ``value`` a string; ``status`` one of :data:`ResultStatus`.
    """

    type: ResultTypes = Field(default_factory=lambda: ["Result"])
    achieved_level: Uri | None = None
    alignment: list[Alignment] = Field(default_factory=list)
    result_description: Uri | None = None
    status: ResultStatus | None = None
    value: str | None = None

    @classmethod
    def for_level(cls, description: ResultDescription, level: str) -> Result:
        """The result "reached ``level``" (a level name or id) of a rubric description."""
        return cls(result_description=description.id, achieved_level=description.level(level).id)

    @classmethod
    def for_value(cls, description: ResultDescription, value: float | int | str) -> Result:
        """The result ``value`` (written as a string) for ``description``."""
        return cls(result_description=description.id, value=_as_text(value))


def _as_text(value: float | int | str | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise ModelValidationError(f"expected a number, got {value!r}")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
