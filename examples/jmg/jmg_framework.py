"""The illustrative JMG-style framework and the gradebook that drives it.

``load_framework`` reads ``framework.json`` (skills -> micro-credentials -> group
credentials, with hours of employer engagement) and ``load_gradebook`` a course
system's CSV export (learner, e-mail, assignment, rubric score 1/0, hours).  Both check
everything before anything is issued and raise one ``FrameworkError`` listing every
problem with the key or line at fault.  ``plan_awards`` then says, per learner, which
micro-credentials are earned, with the rubric results and hours to record.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openbadge_kit import safejson
from openbadge_kit.errors import FrameworkError, OpenBadgeError
from openbadge_kit.identity import normalize_email
from openbadge_kit.issuer.credential import is_email
from openbadge_kit.models.result import Result, ResultDescription

COMPLETE, INCOMPLETE = "Complete", "Incomplete"
GRADEBOOK_COLUMNS = ("learner", "email", "assignment", "score", "hours")


def _fail(problems: list[str], what: str) -> None:
    if problems:
        shown = "\n  ".join(problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        error = FrameworkError(f"{what} is invalid ({len(problems)} problem(s)):\n  "
                               f"{shown}{more}")
        error.problems = problems  # type: ignore[attr-defined]
        raise error


# --- the framework ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Skill:
    """A skill, evidenced by one assignment."""

    id: str
    name: str
    assignment: str
    assignment_name: str


@dataclass(frozen=True)
class MicroCredential:
    """A micro-credential: every skill's assignment Complete, and ``hours`` of engagement."""

    id: str
    name: str
    description: str
    skills: tuple[str, ...]
    hours: float
    color: str


@dataclass(frozen=True)
class GroupCredential:
    """A group credential stacked from children, with total hours and a final assignment."""

    id: str
    name: str
    description: str
    children: tuple[str, ...]
    hours: float
    color: str
    final_assignment: str | None = None
    final_assignment_name: str | None = None


@dataclass(frozen=True)
class Framework:
    """The whole framework, checked."""

    program: dict[str, Any]
    base_url: str
    status_list: str
    skills: dict[str, Skill]
    micro: dict[str, MicroCredential]
    groups: dict[str, GroupCredential]

    @property
    def assignments(self) -> dict[str, str]:
        """Every assignment code -> its name (skills' and groups' final assignments)."""
        out = {s.assignment: s.assignment_name for s in self.skills.values()}
        for g in self.groups.values():
            if g.final_assignment:
                out[g.final_assignment] = g.final_assignment_name or g.final_assignment
        return out

    def achievement_id(self, badge_id: str) -> str:
        """The Achievement id of a micro or group credential."""
        return f"{self.base_url}/achievements/{badge_id}"

    def group_order(self) -> list[GroupCredential]:
        """Groups with every group they contain before them (children first)."""
        done: list[GroupCredential] = []

        def visit(gid: str) -> None:
            group = self.groups[gid]
            if group in done:
                return
            for child in group.children:
                if child in self.groups:
                    visit(child)
            done.append(group)

        for gid in self.groups:
            visit(gid)
        return done

    # --- OB 3.0 objects ---------------------------------------------------------------------

    def assignment_rubric(self, code: str) -> ResultDescription:
        """The Complete/Incomplete rubric of one assignment (stable ids)."""
        return ResultDescription.rubric(
            f"{code}: {self.assignments[code]}", id=f"{self.base_url}/rubrics/{code}",
            required_level=COMPLETE)

    def hours_description(self, badge_id: str, minimum: float) -> ResultDescription:
        """The hours-of-employer-engagement result of a badge."""
        return ResultDescription.numeric(
            "Hours of employer engagement", value_min=0, required_value=_num(minimum),
            id=f"{self.achievement_id(badge_id)}#hours")

    def micro_achievement(self, micro: MicroCredential) -> dict[str, Any]:
        """The Achievement of a micro-credential, with its rubrics and skill alignments."""
        skills = [self.skills[s] for s in micro.skills]
        descriptions = [self.assignment_rubric(s.assignment).to_jsonld() for s in skills]
        descriptions.append(self.hours_description(micro.id, micro.hours).to_jsonld())
        return {
            "id": self.achievement_id(micro.id),
            "type": ["Achievement"],
            "achievementType": "MicroCredential",
            "name": micro.name,
            "description": f"{micro.description} (Illustrative example.)",
            "criteria": {"narrative": (
                "Every evidence-of-learning assignment graded Complete: "
                + "; ".join(f"{s.name} ({s.assignment})" for s in skills)
                + f". At least {_num(micro.hours)} hours of employer engagement.")},
            "alignment": [{"type": ["Alignment"], "targetName": s.name,
                           "targetUrl": f"{self.base_url}/skills/{s.id}",
                           "targetDescription": "Illustrative skill label",
                           "targetType": "ceasn:Competency"} for s in skills],
            "resultDescription": descriptions,
            "tag": ["illustrative", "career-readiness"],
        }

    def group_achievement(self, group: GroupCredential) -> dict[str, Any]:
        """The parent Achievement of a group credential."""
        names = [self._badge_name(c) for c in group.children]
        narrative = (f"Holds every one of: {', '.join(names)}; at least {_num(group.hours)} "
                     "hours of employer engagement in total")
        if group.final_assignment:
            narrative += (f"; final evidence of learning ({group.final_assignment_name}) "
                          "graded Complete")
        return {
            "id": self.achievement_id(group.id),
            "type": ["Achievement"],
            "achievementType": "Certificate",
            "name": group.name,
            "description": f"{group.description} (Illustrative example.)",
            "criteria": {"narrative": narrative + "."},
            "tag": ["illustrative", "career-readiness", "stacked"],
        }

    def _badge_name(self, badge_id: str) -> str:
        if badge_id in self.micro:
            return self.micro[badge_id].name
        return self.groups[badge_id].name


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _text(obj: dict[str, Any], key: str, where: str, problems: list[str]) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}.{key}: required text is missing")
        return ""
    return value.strip()


def _hours(obj: dict[str, Any], where: str, problems: list[str]) -> float:
    value = obj.get("hours", 0)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 \
            or not math.isfinite(value):
        problems.append(f"{where}.hours: must be a non-negative number, not {value!r}")
        return 0.0
    return float(value)


def _ids(raw: Any, where: str, problems: list[str]) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw or not all(isinstance(i, str) for i in raw):
        problems.append(f"{where}: must be a non-empty list of ids")
        return ()
    if len(set(raw)) != len(raw):
        problems.append(f"{where}: lists an id twice")
    return tuple(raw)


def parse_framework(data: Any) -> Framework:
    """A checked :class:`Framework` from parsed JSON; FrameworkError naming each bad key."""
    problems: list[str] = []
    if not isinstance(data, dict):
        _fail(["$: the framework must be a JSON object"], "framework")
    program = data.get("program") if isinstance(data.get("program"), dict) else {}
    if not program:
        problems.append("program: must be an object with a name")
    else:
        _text(program, "name", "program", problems)
    base_url = _text(data, "baseUrl", "$", problems).rstrip("/")
    if base_url and not base_url.startswith("https://"):
        problems.append("$.baseUrl: must be an https:// URL")
    status_list = _text(data, "statusList", "$", problems)

    seen: dict[str, str] = {}

    def claim(badge_id: str, where: str) -> None:
        if badge_id in seen:
            problems.append(f"{where}.id: {badge_id!r} is already used by {seen[badge_id]}")
        seen[badge_id] = where

    skills: dict[str, Skill] = {}
    assignments: dict[str, str] = {}
    for n, raw in enumerate(data.get("skills") if isinstance(data.get("skills"), list) else []):
        where = f"skills[{n}]"
        if not isinstance(raw, dict):
            problems.append(f"{where}: must be an object")
            continue
        sid = _text(raw, "id", where, problems)
        code = _text(raw, "assignment", where, problems)
        claim(sid, where)
        if code in assignments:
            problems.append(f"{where}.assignment: {code!r} is already used by {assignments[code]}")
        assignments[code] = where
        skills[sid] = Skill(sid, _text(raw, "name", where, problems), code,
                            str(raw.get("assignmentName") or code))
    if not skills:
        problems.append("skills: must be a non-empty list")

    micro: dict[str, MicroCredential] = {}
    raw_micro = data.get("microCredentials")
    for n, raw in enumerate(raw_micro if isinstance(raw_micro, list) else []):
        where = f"microCredentials[{n}]"
        if not isinstance(raw, dict):
            problems.append(f"{where}: must be an object")
            continue
        mid = _text(raw, "id", where, problems)
        claim(mid, where)
        ids = _ids(raw.get("skills"), f"{where}.skills", problems)
        for k, sid in enumerate(ids):
            if sid not in skills:
                problems.append(f"{where}.skills[{k}]: unknown skill {sid!r}")
        micro[mid] = MicroCredential(mid, _text(raw, "name", where, problems),
                                     _text(raw, "description", where, problems), ids,
                                     _hours(raw, where, problems),
                                     str(raw.get("color") or "#57606a"))
    if not micro:
        problems.append("microCredentials: must be a non-empty list")

    groups: dict[str, GroupCredential] = {}
    raw_groups = data.get("groupCredentials")
    for n, raw in enumerate(raw_groups if isinstance(raw_groups, list) else []):
        where = f"groupCredentials[{n}]"
        if not isinstance(raw, dict):
            problems.append(f"{where}: must be an object")
            continue
        gid = _text(raw, "id", where, problems)
        claim(gid, where)
        final = raw.get("finalAssignment")
        if final is not None and (not isinstance(final, str) or final in assignments):
            problems.append(f"{where}.finalAssignment: must be a new assignment code")
        groups[gid] = GroupCredential(
            gid, _text(raw, "name", where, problems), _text(raw, "description", where, problems),
            _ids(raw.get("children"), f"{where}.children", problems),
            _hours(raw, where, problems), str(raw.get("color") or "#57606a"),
            final if isinstance(final, str) else None,
            str(raw.get("finalAssignmentName") or final) if isinstance(final, str) else None)
        if isinstance(final, str):
            assignments.setdefault(final, where)
    for n, group in enumerate(groups.values()):
        for k, child in enumerate(group.children):
            if child not in micro and child not in groups:
                problems.append(f"groupCredentials[{n}].children[{k}]: missing child "
                                f"{child!r} (no such micro or group credential)")
    problems += _cycles(groups)
    _fail(problems, "framework")
    return Framework(dict(program), base_url, status_list, skills, micro, groups)


def _cycles(groups: dict[str, GroupCredential]) -> list[str]:
    problems: list[str] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(gid: str, path: list[str]) -> None:
        state[gid] = 1
        for child in groups[gid].children:
            if child not in groups:
                continue
            if state.get(child) == 1:
                loop = [*path[path.index(child):], child] if child in path else [gid, child]
                problems.append("groupCredentials: cycle " + " -> ".join(loop))
            elif state.get(child) is None:
                visit(child, [*path, child])
        state[gid] = 2

    for gid in groups:
        if gid not in state:
            visit(gid, [gid])
    return problems


def load_framework(path: Path) -> Framework:
    """Read and check a framework JSON file."""
    try:
        data = safejson.loads(path.read_bytes())
    except OSError as exc:
        raise FrameworkError(f"cannot read framework {path}: {exc.strerror}") from None
    except OpenBadgeError as exc:
        raise FrameworkError(f"framework {path}: {exc}") from None
    return parse_framework(data)


# --- the gradebook ------------------------------------------------------------------------------


@dataclass
class Learner:
    """One learner's gradebook rows."""

    name: str
    email: str
    scores: dict[str, int] = field(default_factory=dict)  #: assignment -> 1 / 0
    hours: dict[str, float] = field(default_factory=dict)  #: assignment -> hours
    first_line: int = 0

    @property
    def total_hours(self) -> float:
        """All hours of employer engagement recorded for the learner."""
        return sum(self.hours.values())

    def complete(self, assignment: str) -> bool:
        """Whether the assignment is graded Complete."""
        return self.scores.get(assignment) == 1


def parse_gradebook(text: str, framework: Framework, *, source: str = "gradebook"
                    ) -> list[Learner]:
    """Learners from CSV text; FrameworkError naming the line of every bad row."""
    problems: list[str] = []
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in GRADEBOOK_COLUMNS if c not in header]
    if missing:
        _fail([f"{source}: line 1: missing column(s) {', '.join(missing)}"], source)
    names = {h.strip().lower(): h for h in reader.fieldnames or []}
    known = framework.assignments
    learners: dict[str, Learner] = {}
    seen: dict[tuple[str, str], int] = {}
    for row in reader:
        line = reader.line_num
        if None in row:
            problems.append(f"{source}: line {line}: more fields than columns")
            continue
        cell = {c: (row.get(names[c]) or "").strip() for c in GRADEBOOK_COLUMNS}
        if not any(cell.values()):
            continue  # blank line
        bad = False
        email = normalize_email(cell["email"])
        if not is_email(email):
            problems.append(f"{source}: line {line}: bad e-mail address {cell['email']!r}")
            bad = True
        if not cell["learner"]:
            problems.append(f"{source}: line {line}: learner name is empty")
            bad = True
        assignment = cell["assignment"]
        if assignment not in known:
            problems.append(f"{source}: line {line}: unknown assignment {assignment!r}")
            bad = True
        if cell["score"] not in ("0", "1"):
            problems.append(f"{source}: line {line}: score must be 1 (Complete) or 0 "
                            f"(Incomplete), not {cell['score']!r}")
            bad = True
        try:
            hours = float(cell["hours"] or "0")
            if not math.isfinite(hours) or hours < 0:
                raise ValueError
        except ValueError:
            problems.append(f"{source}: line {line}: hours must be a non-negative number, "
                            f"not {cell['hours']!r}")
            bad = True
        if bad:
            continue
        key = (email, assignment)
        if key in seen:
            problems.append(f"{source}: line {line}: duplicate row for {email} / {assignment} "
                            f"(first on line {seen[key]})")
            continue
        seen[key] = line
        learner = learners.get(email)
        if learner is None:
            learner = learners[email] = Learner(cell["learner"], email, first_line=line)
        elif learner.name != cell["learner"]:
            problems.append(f"{source}: line {line}: {email} is {learner.name!r} on line "
                            f"{learner.first_line} but {cell['learner']!r} here")
            continue
        learner.scores[assignment] = int(cell["score"])
        learner.hours[assignment] = hours
    if not learners and not problems:
        problems.append(f"{source}: no rows")
    _fail(problems, source)
    return list(learners.values())


def load_gradebook(path: Path, framework: Framework) -> list[Learner]:
    """Read and check a gradebook CSV file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkError(f"cannot read gradebook {path}: {exc}") from None
    return parse_gradebook(text, framework, source=path.name)


# --- what each learner has earned ---------------------------------------------------------------


@dataclass
class MicroAward:
    """A micro-credential a learner has earned, with the results to record."""

    micro: MicroCredential
    results: list[dict[str, Any]]
    evidence: list[dict[str, Any]]
    hours: float


@dataclass
class MicroStatus:
    """Whether a learner earned a micro-credential, and if not, why."""

    micro: MicroCredential
    award: MicroAward | None
    missing: list[str]


def micro_status(framework: Framework, learner: Learner, micro: MicroCredential
                 ) -> MicroStatus:
    """Earned when every assignment is Complete and the hours reach the minimum."""
    missing: list[str] = []
    results: list[dict[str, Any]] = []
    evidence: list[dict[str, Any]] = []
    hours = 0.0
    for sid in micro.skills:
        skill = framework.skills[sid]
        code = skill.assignment
        rubric = framework.assignment_rubric(code)
        hours += learner.hours.get(code, 0.0)
        if code not in learner.scores:
            missing.append(f"{skill.name}: {code} not graded yet")
            continue
        level = COMPLETE if learner.complete(code) else INCOMPLETE
        if level != COMPLETE:
            missing.append(f"{skill.name}: {code} graded Incomplete")
        results.append(Result.for_level(rubric, level).to_jsonld())
        evidence.append({"type": ["Evidence"],
                         "name": f"{code}: {skill.assignment_name}",
                         "narrative": f"Evidence-of-learning assignment for {skill.name}, "
                                      f"graded {level}."})
    if hours < micro.hours:
        missing.append(f"hours of employer engagement: {_num(hours)} of {_num(micro.hours)}")
    results.append(Result.for_value(framework.hours_description(micro.id, micro.hours),
                                    hours).to_jsonld())
    award = None if missing else MicroAward(micro, results, evidence, hours)
    return MicroStatus(micro, award, missing)
