"""Stacking: award a parent badge once a learner holds the right child badges.

Open Badges 3.0 has no stack construct (NOTES 9); this module supplies one.  A
:class:`Stack` is a parent Achievement plus rules: groups of child achievement ids of
which all (or at least ``n``) must be held, extra requirements with a value (at least 10
hours of employer engagement; a final assignment graded ``Complete``), and the issuers
whose children count.

:func:`evaluate` verifies every child with the library's verifier (proof, validity,
status where a list is available), checks it was issued to the same recipient (by
identity hash, never by name) by a trusted issuer for a required achievement, and says
which requirements are met or missing, and why.  :func:`issue_parent` re-evaluates and,
only when everything is met, issues the parent credential whose ``evidence`` lists each
child used and whose ``result`` records each extra requirement.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import OpenBadgeError, StackingError
from .identity import identity_matches

if TYPE_CHECKING:
    from .issuer.issuer import IssuedCredential, Issuer
    from .models.result import ResultDescription
    from .verify.report import VerificationReport

#: kinds of extra requirement
REQUIREMENT_KINDS = ("minimum", "level")

_COMPACT_JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$")


@dataclass(frozen=True)
class ChildRule:
    """A group of child achievements: all of them, or at least ``min_count``."""

    id: str
    name: str
    achievement_ids: tuple[str, ...]
    min_count: int | None = None  #: None means all of them

    @property
    def needed(self) -> int:
        """How many distinct achievements of the group must be held."""
        return len(self.achievement_ids) if self.min_count is None else self.min_count


@dataclass(frozen=True)
class ExtraRequirement:
    """A requirement met by a value the caller supplies, not by a child badge.

    ``kind="minimum"``: a number at least ``minimum`` (hours of employer engagement).
    ``kind="level"``: one of ``levels`` at or above ``required_level`` (levels are
    ordered low to high, e.g. ``("Incomplete", "Complete")``).
    """

    id: str
    name: str
    kind: str = "minimum"
    minimum: float | None = None
    levels: tuple[str, ...] = ()
    required_level: str | None = None
    description: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Stack:
    """A parent achievement and the rules that award it."""

    parent: Mapping[str, Any]
    rules: tuple[ChildRule, ...]
    extra: tuple[ExtraRequirement, ...] = ()
    trusted_issuers: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_stack(self)

    @property
    def child_ids(self) -> set[str]:
        """Every achievement id any rule names."""
        return {a for rule in self.rules for a in rule.achievement_ids}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Stack:
        """A stack from its JSON form (see ``docs/stacking.md``); StackingError naming the key."""
        if not isinstance(data, Mapping):
            raise StackingError("a stack definition must be a JSON object")
        parent = data.get("parent")
        if not isinstance(parent, Mapping):
            raise StackingError("stack: 'parent' must be an Achievement object",
                                code="stack_invalid")
        rules = []
        for n, raw in enumerate(_list(data.get("rules"), "rules")):
            where = f"rules[{n}]"
            if not isinstance(raw, Mapping):
                raise StackingError(f"stack: {where} must be an object", code="stack_invalid")
            ids = _list(raw.get("achievements"), f"{where}.achievements")
            if not all(isinstance(i, str) for i in ids):
                raise StackingError(f"stack: {where}.achievements must be ids",
                                    code="stack_invalid")
            min_count = raw.get("minCount")
            if min_count is not None and (not isinstance(min_count, int)
                                          or isinstance(min_count, bool)):
                raise StackingError(f"stack: {where}.minCount must be an integer",
                                    code="stack_invalid")
            rules.append(ChildRule(str(raw.get("id") or f"rule-{n + 1}"),
                                   str(raw.get("name") or raw.get("id") or f"rule {n + 1}"),
                                   tuple(ids), min_count))
        extras = []
        for n, raw in enumerate(_list(data.get("extra", []), "extra")):
            where = f"extra[{n}]"
            if not isinstance(raw, Mapping) or not isinstance(raw.get("id"), str):
                raise StackingError(f"stack: {where} must be an object with an 'id'",
                                    code="stack_invalid")
            minimum = raw.get("minimum")
            if minimum is not None and (not isinstance(minimum, (int, float))
                                        or isinstance(minimum, bool)):
                raise StackingError(f"stack: {where}.minimum must be a number",
                                    code="stack_invalid")
            extras.append(ExtraRequirement(
                raw["id"], str(raw.get("name") or raw["id"]), str(raw.get("kind", "minimum")),
                None if minimum is None else float(minimum),
                tuple(str(v) for v in _list(raw.get("levels", []), f"{where}.levels")),
                raw.get("requiredLevel"), raw.get("description"), raw.get("unit")))
        trusted = _list(data.get("trustedIssuers", []), "trustedIssuers")
        if not all(isinstance(t, str) for t in trusted):
            raise StackingError("stack: trustedIssuers must be ids", code="stack_invalid")
        return cls(dict(parent), tuple(rules), tuple(extras), tuple(trusted))

    def to_dict(self) -> dict[str, Any]:
        """The JSON form read by :meth:`from_dict`."""
        out: dict[str, Any] = {
            "parent": dict(self.parent),
            "rules": [{"id": r.id, "name": r.name, "achievements": list(r.achievement_ids),
                       **({"minCount": r.min_count} if r.min_count is not None else {})}
                      for r in self.rules],
            "trustedIssuers": list(self.trusted_issuers),
        }
        if self.extra:
            out["extra"] = [_extra_dict(e) for e in self.extra]
        return out


def _extra_dict(e: ExtraRequirement) -> dict[str, Any]:
    d: dict[str, Any] = {"id": e.id, "name": e.name, "kind": e.kind}
    if e.minimum is not None:
        d["minimum"] = e.minimum
    if e.levels:
        d["levels"] = list(e.levels)
    if e.required_level is not None:
        d["requiredLevel"] = e.required_level
    if e.description:
        d["description"] = e.description
    if e.unit:
        d["unit"] = e.unit
    return d


def _list(value: Any, key: str) -> list[Any]:
    if not isinstance(value, list):
        raise StackingError(f"stack: {key!r} must be a list", code="stack_invalid")
    return value


def _check_stack(stack: Stack) -> None:
    parent_id = stack.parent.get("id") if isinstance(stack.parent, Mapping) else None
    if not isinstance(parent_id, str) or not parent_id:
        raise StackingError("stack: the parent achievement needs an id", code="stack_invalid")
    if not stack.rules and not stack.extra:
        raise StackingError("stack: no rules and no extra requirements", code="stack_invalid")
    if not stack.trusted_issuers:
        raise StackingError("stack: name at least one trusted issuer", code="stack_invalid")
    seen: set[str] = set()
    for rule in stack.rules:
        if rule.id in seen:
            raise StackingError(f"stack: duplicate rule id {rule.id!r}", code="stack_invalid")
        seen.add(rule.id)
        if not rule.achievement_ids:
            raise StackingError(f"stack: rule {rule.id!r} names no achievements",
                                code="stack_invalid")
        if len(set(rule.achievement_ids)) != len(rule.achievement_ids):
            raise StackingError(f"stack: rule {rule.id!r} names an achievement twice",
                                code="stack_invalid")
        if parent_id in rule.achievement_ids:
            raise StackingError(f"stack: rule {rule.id!r} names the parent itself (a cycle)",
                                code="stack_cycle")
        if not 1 <= rule.needed <= len(rule.achievement_ids):
            raise StackingError(
                f"stack: rule {rule.id!r} needs {rule.needed} of "
                f"{len(rule.achievement_ids)} achievements", code="stack_invalid")
    for extra in stack.extra:
        if extra.id in seen:
            raise StackingError(f"stack: duplicate requirement id {extra.id!r}",
                                code="stack_invalid")
        seen.add(extra.id)
        if extra.kind not in REQUIREMENT_KINDS:
            raise StackingError(f"stack: requirement {extra.id!r} has unknown kind "
                                f"{extra.kind!r}", code="stack_invalid")
        if extra.kind == "minimum" and extra.minimum is None:
            raise StackingError(f"stack: requirement {extra.id!r} needs a minimum",
                                code="stack_invalid")
        if extra.kind == "level" and (not extra.levels or extra.required_level not in
                                      extra.levels):
            raise StackingError(f"stack: requirement {extra.id!r} needs levels including "
                                "its requiredLevel", code="stack_invalid")


# --- evaluation --------------------------------------------------------------------------------


@dataclass
class ChildOutcome:
    """What :func:`evaluate` made of one child credential."""

    index: int  #: position in the input
    credential_id: str | None
    achievement_id: str | None
    achievement_name: str | None
    issuer_id: str | None
    accepted: bool
    reasons: list[str] = field(default_factory=list)  #: why it was refused (or notes)
    report: VerificationReport | None = field(default=None, repr=False)
    credential: dict[str, Any] | None = field(default=None, repr=False)
    valid_from: str | None = None


@dataclass
class RequirementOutcome:
    """Whether one rule or extra requirement is met."""

    id: str
    name: str
    met: bool
    detail: str
    children: list[str] = field(default_factory=list)  #: credential ids that count
    missing: list[str] = field(default_factory=list)  #: achievement ids still needed
    value: str | None = None  #: the supplied value of an extra requirement


@dataclass
class StackEvaluation:
    """The verdict of :func:`evaluate`."""

    stack: Stack
    recipient: str | None
    children: list[ChildOutcome]
    requirements: list[RequirementOutcome]

    @property
    def met(self) -> bool:
        """True when every requirement is met."""
        return all(r.met for r in self.requirements)

    @property
    def missing(self) -> list[RequirementOutcome]:
        """The requirements not met."""
        return [r for r in self.requirements if not r.met]

    @property
    def used_children(self) -> list[ChildOutcome]:
        """Accepted children that count towards a rule, in input order."""
        used = {cid for r in self.requirements for cid in r.children}
        return [c for c in self.children if c.accepted and c.credential_id in used]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary."""
        return {
            "parent": self.stack.parent.get("id"),
            "met": self.met,
            "requirements": [{"id": r.id, "name": r.name, "met": r.met, "detail": r.detail,
                              "children": r.children, "missing": r.missing,
                              **({"value": r.value} if r.value is not None else {})}
                             for r in self.requirements],
            "children": [{"credentialId": c.credential_id, "achievementId": c.achievement_id,
                          "accepted": c.accepted, "reasons": c.reasons}
                         for c in self.children],
        }

    def to_text(self) -> str:
        """A plain-text explanation for people."""
        name = self.stack.parent.get("name") or self.stack.parent.get("id")
        lines = [f"{'MET' if self.met else 'NOT MET'}: {name}"]
        for r in self.requirements:
            lines.append(f"  {'✓' if r.met else '✗'} {r.name}: {r.detail}")
        for c in self.children:
            if not c.accepted:
                label = c.achievement_name or c.credential_id or f"child {c.index}"
                lines.append(f"  refused {label}: {'; '.join(c.reasons)}")
        return "\n".join(lines)


def _subject_matches(subject: Mapping[str, Any], recipient: str) -> bool:
    value = recipient.strip()
    subject_id = subject.get("id")
    if isinstance(subject_id, str) and subject_id in (value, f"mailto:{value}"):
        return True
    identifiers = subject.get("identifier")
    items = identifiers if isinstance(identifiers, list) else [identifiers]
    return any(isinstance(i, Mapping) and identity_matches(i, value) for i in items)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _judge_child(index: int, report: VerificationReport, stack: Stack, recipient: str,
                 require_status: bool) -> ChildOutcome:
    credential = report.credential if isinstance(report.credential, dict) else {}
    subject = credential.get("credentialSubject")
    subject = subject if isinstance(subject, Mapping) else {}
    achievement = subject.get("achievement")
    achievement = achievement if isinstance(achievement, Mapping) else {}
    issuer = credential.get("issuer")
    issuer_id = _text(issuer.get("id")) if isinstance(issuer, Mapping) else _text(issuer)
    outcome = ChildOutcome(
        index=index, credential_id=_text(credential.get("id")),
        achievement_id=_text(achievement.get("id")),
        achievement_name=_text(achievement.get("name")), issuer_id=issuer_id, accepted=False,
        report=report, credential=credential or None,
        valid_from=_text(credential.get("validFrom") or credential.get("issuanceDate")))
    reasons = outcome.reasons
    if not report.verified:
        failed = "; ".join(f"{c.check}: {c.message}" for c in report.failures) \
            or "no proof verified"
        reasons.append(f"not verified ({failed})")
    status = report.result("status")
    if status is not None and status.status.value == "not_checked" and require_status:
        reasons.append(f"status could not be checked ({status.message})")
    if not _subject_matches(subject, recipient):
        reasons.append("issued to someone else (recipient does not match)")
    if issuer_id not in stack.trusted_issuers:
        reasons.append(f"issuer {issuer_id} is not trusted by this stack")
    if outcome.achievement_id not in stack.child_ids:
        reasons.append(f"achievement {outcome.achievement_id} is not part of this stack")
    outcome.accepted = not reasons
    if outcome.accepted and status is not None and status.status.value == "not_checked":
        reasons.append(f"note: status not checked ({status.message})")
    return outcome


def _judge_extra(req: ExtraRequirement, supplied: Any) -> RequirementOutcome:
    if supplied is None:
        return RequirementOutcome(req.id, req.name, False, "no value supplied")
    if req.kind == "minimum":
        assert req.minimum is not None
        try:
            number = float(supplied)
        except (TypeError, ValueError):
            return RequirementOutcome(req.id, req.name, False,
                                      f"value {supplied!r} is not a number", value=str(supplied))
        if number != number:  # NaN
            return RequirementOutcome(req.id, req.name, False, "value is not a number",
                                      value=str(supplied))
        unit = f" {req.unit}" if req.unit else ""
        met = number >= req.minimum
        detail = (f"{_num(number)}{unit} (at least {_num(req.minimum)}{unit} required)")
        return RequirementOutcome(req.id, req.name, met, detail, value=_num(number))
    level = str(supplied)
    if level not in req.levels:
        return RequirementOutcome(req.id, req.name, False,
                                  f"level {level!r} is not one of {list(req.levels)}",
                                  value=level)
    assert req.required_level is not None
    met = req.levels.index(level) >= req.levels.index(req.required_level)
    return RequirementOutcome(req.id, req.name, met,
                              f"{level} ({req.required_level} required)", value=level)


def _num(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _judge_rule(rule: ChildRule, accepted: Sequence[ChildOutcome]) -> RequirementOutcome:
    held: dict[str, str] = {}
    for child in accepted:
        if child.achievement_id in rule.achievement_ids and child.credential_id \
                and child.achievement_id not in held:
            held[child.achievement_id] = child.credential_id
    missing = [a for a in rule.achievement_ids if a not in held]
    met = len(held) >= rule.needed
    if rule.min_count is None:
        detail = f"{len(held)} of {len(rule.achievement_ids)} held (all required)"
    else:
        detail = f"{len(held)} of {len(rule.achievement_ids)} held (at least {rule.needed})"
    children = [held[a] for a in rule.achievement_ids if a in held]
    return RequirementOutcome(rule.id, rule.name, met, detail, children,
                              missing if not met else [])


def evaluate(
    stack: Stack,
    child_credentials: Iterable[Any],
    *,
    recipient: str,
    extra: Mapping[str, Any] | None = None,
    now: datetime | None = None,
    status_lists: Mapping[str, Any] | str | Path | None = None,
    did_documents: Mapping[str, Any] | str | Path | None = None,
    resolver: Any = None,
    require_status: bool = False,
) -> StackEvaluation:
    """Which requirements of ``stack`` the child credentials and ``extra`` values meet.

    ``child_credentials``: anything the verifier reads (dicts, JSON/JWT text, PNG/SVG bytes
    or paths).  ``recipient``: the e-mail address or DID the parent is for; every child
    must name it (hashed identities are compared by hash).  ``extra``: requirement id ->
    value (e.g. ``{"employer-hours": 12}``).  ``status_lists``/``did_documents``/``resolver``
    go to the verifier; with ``require_status`` a child whose status list is unavailable
    is refused (by default it counts, with a note).  Never raises on hostile children.
    """
    from .verify import verify_many

    if not isinstance(recipient, str) or not recipient.strip():
        raise StackingError("evaluate needs the recipient (e-mail address or DID)",
                            code="stack_recipient_missing")
    # compact JWS text goes to the verifier as bytes, so it is never mistaken for a path
    sources = [c.encode("ascii") if isinstance(c, str) and _COMPACT_JWS.match(c) else c
               for c in child_credentials]
    reports = verify_many(sources, now=now, status_lists=status_lists,
                          did_documents=did_documents, resolver=resolver,
                          trust=stack.trusted_issuers, processes=1) if sources else []
    children = [_judge_child(n, report, stack, recipient, require_status)
                for n, report in enumerate(reports)]
    accepted = [c for c in children if c.accepted]
    outcomes = [_judge_rule(rule, accepted) for rule in stack.rules]
    supplied = dict(extra or {})
    outcomes += [_judge_extra(req, supplied.get(req.id)) for req in stack.extra]
    return StackEvaluation(stack, recipient, children, outcomes)


# --- issuing the parent ------------------------------------------------------------------------


def parent_achievement(stack: Stack) -> dict[str, Any]:
    """The parent Achievement with a ``resultDescription`` for each extra requirement."""
    parent = dict(stack.parent)
    if not stack.extra:
        return parent
    described = list(parent.get("resultDescription") or [])
    known = {d.get("id") for d in described if isinstance(d, Mapping)}
    for req in stack.extra:
        rd_id = _rd_id(stack, req)
        if rd_id in known:
            continue
        described.append(_result_description(stack, req))
    parent["resultDescription"] = described
    return parent


def _rd_id(stack: Stack, req: ExtraRequirement) -> str:
    return f"{stack.parent['id']}#requirement-{req.id}"


def _description(stack: Stack, req: ExtraRequirement) -> ResultDescription:
    """The ResultDescription of an extra requirement (stable ids derived from the parent)."""
    from .models.result import ResultDescription

    if req.kind == "minimum":
        assert req.minimum is not None
        return ResultDescription.numeric(req.name, value_min=req.minimum,
                                         required_value=req.minimum, id=_rd_id(stack, req))
    assert req.required_level is not None
    # levels are listed high to low with points = rank, as rubric levels usually are
    levels = [(level, str(rank)) for rank, level in reversed(list(enumerate(req.levels)))]
    return ResultDescription.rubric(req.name, levels, id=_rd_id(stack, req),
                                    required_level=req.required_level)


def _result_description(stack: Stack, req: ExtraRequirement) -> dict[str, Any]:
    return _description(stack, req).to_jsonld()


def parent_results(stack: Stack, evaluation: StackEvaluation) -> list[dict[str, Any]]:
    """A ``Result`` per extra requirement, pointing at its ResultDescription."""
    from .models.result import Result

    by_id = {r.id: r for r in evaluation.requirements}
    results = []
    for req in stack.extra:
        outcome = by_id[req.id]
        assert outcome.value is not None
        description = _description(stack, req)
        result = (Result.for_value(description, outcome.value) if req.kind == "minimum"
                  else Result.for_level(description, outcome.value))
        results.append(result.to_jsonld())
    return results


def parent_evidence(evaluation: StackEvaluation) -> list[dict[str, Any]]:
    """An ``Evidence`` entry per child credential used (id, name, narrative)."""
    evidence = []
    for child in evaluation.used_children:
        name = child.achievement_name or child.achievement_id or "child achievement"
        when = f" on {child.valid_from[:10]}" if child.valid_from else ""
        evidence.append({
            "id": child.credential_id,
            "type": ["Evidence"],
            "name": name,
            "narrative": f"Holds the verified credential '{name}' ({child.achievement_id}), "
                         f"issued by {child.issuer_id}{when}.",
        })
    return evidence


def issue_parent(
    issuer: Issuer,
    stack: Stack,
    child_credentials: Iterable[Any],
    *,
    recipient: str,
    extra: Mapping[str, Any] | None = None,
    once: bool = False,
    hashed: bool = True,
    now: datetime | None = None,
    status_lists: Mapping[str, Any] | str | Path | None = None,
    did_documents: Mapping[str, Any] | str | Path | None = None,
    resolver: Any = None,
    require_status: bool = False,
) -> IssuedCredential:
    """Evaluate the stack for ``recipient`` and, if every requirement is met, issue the parent.

    The children are verified here, whatever the caller evaluated before; when anything
    is missing :class:`~openbadge_kit.errors.StackingError` (code ``stack_not_met``) is
    raised with the evaluation in its ``evaluation`` attribute, and nothing is issued.
    """
    evaluation = evaluate(stack, child_credentials, recipient=recipient, extra=extra, now=now,
                          status_lists=status_lists, did_documents=did_documents,
                          resolver=resolver, require_status=require_status)
    if not evaluation.met:
        error = StackingError(
            "the stack is not met: " + "; ".join(f"{r.name}: {r.detail}"
                                                 for r in evaluation.missing),
            code="stack_not_met")
        error.evaluation = evaluation  # type: ignore[attr-defined]
        raise error
    narrative = "Awarded for holding: " + ", ".join(
        c.achievement_name or str(c.achievement_id) for c in evaluation.used_children)
    met_extra = [r for r in evaluation.requirements if r.id in {e.id for e in stack.extra}]
    if met_extra:
        narrative += "; and meeting: " + ", ".join(f"{r.name} ({r.detail})" for r in met_extra)
    try:
        return issuer.issue(parent_achievement(stack), recipient,
                            evidence=parent_evidence(evaluation),
                            results=parent_results(stack, evaluation),
                            narrative=narrative + ".", once=once, hashed=hashed)
    except StackingError:
        raise
    except OpenBadgeError as exc:
        raise StackingError(f"parent credential could not be issued: {exc}",
                            code="stack_issue_failed") from exc
