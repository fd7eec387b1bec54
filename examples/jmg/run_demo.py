"""The JMG-style reference issuer, end to end (``make demo``).

Reads the illustrative framework and the sample gradebook, issues each micro-credential a
learner has earned (rubric results and hours recorded, baked into PNG and SVG), revokes
one badge as the sample asks, publishes the signed status list, stacks the group
credential for every learner who qualifies, writes a summary, and finally verifies every
badge it wrote.  Everything goes under ``--out`` (``demo-output/``); running it again
issues nothing twice: the registry remembers.

    python examples/jmg/run_demo.py --out demo-output
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from badge_images import badge_png, badge_svg  # noqa: E402
from jmg_framework import (  # noqa: E402
    COMPLETE,
    INCOMPLETE,
    Framework,
    GroupCredential,
    Learner,
    load_framework,
    load_gradebook,
    micro_status,
)

from openbadge_kit.bake import bake  # noqa: E402
from openbadge_kit.errors import OpenBadgeError, RegistryError  # noqa: E402
from openbadge_kit.issuer import Issuer, IssueRequest  # noqa: E402
from openbadge_kit.issuer.credential import recipient_ref  # noqa: E402
from openbadge_kit.issuer.registry import IssuanceRecord  # noqa: E402
from openbadge_kit.issuer.status_list import write_atomically  # noqa: E402
from openbadge_kit.keys.ed25519 import Ed25519KeyPair  # noqa: E402
from openbadge_kit.keys.keyfile import load_key, save_key  # noqa: E402
from openbadge_kit.stacking import ChildRule, ExtraRequirement, Stack, issue_parent  # noqa: E402

#: the sample's one revocation: (learner e-mail, badge id, reason)
SAMPLE_REVOCATION = ("harper@example.org", "job-search",
                     "Recorded in error: the mock interview grade belonged to another "
                     "learner (sample revocation)")


@dataclass
class BadgeLine:
    """One learner x badge cell of the summary."""

    badge: str
    outcome: str  #: issued, already-held, revoked, not-earned
    credential_id: str | None = None
    files: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def _slug(email: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in email.split("@")[0]).strip("-") or "x"


def _issuer_key(out: Path) -> Ed25519KeyPair:
    path = out / "issuer.key"
    if path.exists():
        key = load_key(path)
        if not isinstance(key, Ed25519KeyPair):
            raise SystemExit(f"{path} is not an Ed25519 key")
        return key
    key = Ed25519KeyPair.generate()
    save_key(path, key)
    return key


def _write_badge(folder: Path, stem: str, credential: dict[str, Any] | str, name: str,
                 color: str) -> list[str]:
    """The credential as JSON plus baked PNG and SVG; existing files are left alone."""
    folder.mkdir(parents=True, exist_ok=True)
    def as_json() -> bytes:
        return (json.dumps(credential, indent=2, ensure_ascii=False) + "\n").encode()

    files: dict[Path, Callable[[], bytes]] = {
        folder / f"{stem}.json": as_json,
        folder / f"{stem}.png": lambda: bake(badge_png(color), credential),
        folder / f"{stem}.svg": lambda: bake(badge_svg(name, color), credential),
    }
    for path, make in files.items():
        if not path.exists():
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.write_bytes(make())
            tmp.replace(path)
    return [str(p) for p in files]


def _group_stack(framework: Framework, group: GroupCredential, issuer_id: str) -> Stack:
    extra = [ExtraRequirement("employer-hours", "Hours of employer engagement",
                              minimum=group.hours, unit="hours")]
    if group.final_assignment:
        extra.append(ExtraRequirement(
            "final-assignment", f"Final evidence of learning: {group.final_assignment_name}",
            kind="level", levels=(INCOMPLETE, COMPLETE), required_level=COMPLETE))
    rule = ChildRule("children", f"Every credential of {group.name}",
                     tuple(framework.achievement_id(c) for c in group.children))
    return Stack(framework.group_achievement(group), (rule,), tuple(extra), (issuer_id,))


def _records(issuer: Issuer, learner: Learner) -> dict[str, IssuanceRecord]:
    assert issuer.registry is not None
    return {r.achievement_id or "": r
            for r in issuer.registry.find(recipient_ref=recipient_ref(learner.email))}


def issue_micro(framework: Framework, issuer: Issuer, learners: list[Learner], out: Path
                ) -> dict[str, list[BadgeLine]]:
    """Issue (once) every earned micro-credential; bake and write each."""
    lines: dict[str, list[BadgeLine]] = {lr.email: [] for lr in learners}
    requests: list[IssueRequest] = []
    owners: list[tuple[Learner, str]] = []
    for learner in learners:
        for micro in framework.micro.values():
            status = micro_status(framework, learner, micro)
            if status.award is None:
                lines[learner.email].append(BadgeLine(micro.name, "not-earned",
                                                      reasons=status.missing))
                continue
            requests.append(IssueRequest(
                framework.micro_achievement(micro), learner.email,
                evidence=status.award.evidence, results=status.award.results,
                narrative=f"Completed every {micro.name} assignment and "
                          f"{status.award.hours:g} hours of employer engagement."))
            owners.append((learner, micro.id))
    issued = issuer.issue_many(requests, once=True)
    for (learner, micro_id), item in zip(owners, issued, strict=True):
        micro = framework.micro[micro_id]
        files = _write_badge(out / "badges" / _slug(learner.email), micro.id, item.credential,
                             micro.name, micro.color)
        lines[learner.email].append(BadgeLine(
            micro.name, "issued" if item.issued else "already-held", item.credential_id, files))
    return lines


def revoke_sample(framework: Framework, issuer: Issuer, lines: dict[str, list[BadgeLine]]
                  ) -> str | None:
    """Apply the sample's one revocation (idempotent); returns the revoked credential id."""
    email, badge_id, reason = SAMPLE_REVOCATION
    assert issuer.registry is not None
    found = issuer.registry.find(recipient_ref=recipient_ref(email),
                                 achievement_id=framework.achievement_id(badge_id))
    if not found:
        return None
    record = found[0]
    if record.status != "revoked":
        issuer.revoke(record.credential_id, reason)
    for line in lines.get(email, []):
        if line.credential_id == record.credential_id:
            line.outcome = "revoked"
            line.reasons = [reason]
    return record.credential_id


def issue_groups(framework: Framework, issuer: Issuer, learners: list[Learner], out: Path,
                 status_dir: Path, lines: dict[str, list[BadgeLine]]) -> None:
    """Stack each group credential for every learner who meets it (children verified)."""
    for group in framework.group_order():
        stack = _group_stack(framework, group, issuer.id)
        for learner in learners:
            records = _records(issuer, learner)
            existing = records.get(str(stack.parent["id"]))
            folder = out / "badges" / _slug(learner.email)
            if existing is not None:  # awarded on an earlier run
                files = _write_badge(folder, group.id, existing.credential, group.name,
                                     group.color)
                lines[learner.email].append(BadgeLine(group.name, "already-held",
                                                      existing.credential_id, files))
                continue
            children = [records[a].credential for a in stack.child_ids if a in records]
            extra: dict[str, Any] = {"employer-hours": learner.total_hours}
            if group.final_assignment and group.final_assignment in learner.scores:
                extra["final-assignment"] = (COMPLETE if learner.complete(group.final_assignment)
                                             else INCOMPLETE)
            try:
                parent = issue_parent(issuer, stack, children, recipient=learner.email,
                                      extra=extra, once=True, status_lists=status_dir)
            except OpenBadgeError as exc:
                evaluation = getattr(exc, "evaluation", None)
                reasons = ([f"{r.name}: {r.detail}" for r in evaluation.missing]
                           if evaluation is not None else [str(exc)])
                if evaluation is not None:
                    reasons += [f"refused {c.achievement_name}: {'; '.join(c.reasons)}"
                                for c in evaluation.children if not c.accepted]
                lines[learner.email].append(BadgeLine(group.name, "not-earned",
                                                      reasons=reasons))
                continue
            files = _write_badge(folder, group.id, parent.credential, group.name, group.color)
            lines[learner.email].append(BadgeLine(
                group.name, "issued" if parent.issued else "already-held",
                parent.credential_id, files))


def verify_outputs(learners: list[Learner], lines: dict[str, list[BadgeLine]],
                   status_dir: Path) -> list[str]:
    """Verify every written badge file; returns the unexpected outcomes (empty = all good)."""
    from openbadge_kit.verify import verify_many

    problems: list[str] = []
    for learner in learners:
        expected: dict[str, bool] = {}
        for line in lines[learner.email]:
            for path in line.files:
                expected[path] = line.outcome != "revoked"
        if not expected:
            continue
        paths = list(expected)
        reports = verify_many([Path(p) for p in paths], recipient=learner.email,
                              status_lists=status_dir, processes=1)
        for path, report in zip(paths, reports, strict=True):
            if report.verified != expected[path]:
                why = "; ".join(f"{c.check}: {c.message}" for c in report.failures)
                problems.append(f"{path}: verified={report.verified}, expected "
                                f"{expected[path]} ({why})")
            elif not expected[path]:
                status = report.result("status")
                if status is None or status.status.value != "failed":
                    problems.append(f"{path}: refused, but not for its revoked status")
    return problems


def summarize(framework: Framework, learners: list[Learner], lines: dict[str, list[BadgeLine]],
              checked: int, problems: list[str]) -> tuple[dict[str, Any], str]:
    """The summary as JSON data and as text for people (badges in framework order)."""
    order = [m.name for m in framework.micro.values()] + [g.name for g in
                                                         framework.group_order()]
    marks = {"issued": "✓ new", "already-held": "✓ held", "revoked": "✗ revoked",
             "not-earned": "- not yet"}
    text = ["JMG-style reference issuer (illustrative framework) — summary", ""]
    data: dict[str, Any] = {"learners": []}
    counts: dict[str, int] = {}
    for learner in learners:
        text.append(f"{learner.name} <{learner.email}>  "
                    f"hours of employer engagement: {learner.total_hours:g}")
        entry: dict[str, Any] = {"name": learner.name, "email": learner.email,
                 "hours": learner.total_hours, "badges": []}
        for line in sorted(lines[learner.email], key=lambda ln: order.index(ln.badge)):
            counts[line.outcome] = counts.get(line.outcome, 0) + 1
            text.append(f"  {marks[line.outcome]:<10} {line.badge}")
            for reason in line.reasons:
                text.append(f"               {reason}")
            entry["badges"].append({"badge": line.badge, "outcome": line.outcome,
                                    "credentialId": line.credential_id, "files": line.files,
                                    "reasons": line.reasons})
        data["learners"].append(entry)
    text.append("")
    text.append("totals: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    text.append(f"verified {checked} badge file(s): "
                + ("every outcome as expected (the revoked badge is refused)" if not problems
                   else f"{len(problems)} UNEXPECTED outcome(s)"))
    text += [f"  ! {p}" for p in problems]
    data["totals"] = counts
    data["verification"] = {"files": checked, "unexpected": problems}
    return data, "\n".join(text) + "\n"


def run(out: Path, framework_path: Path, gradebook_path: Path, *, verify: bool = True) -> int:
    """Run the whole demo into ``out``; 0 on success, 1 on unexpected results."""
    framework = load_framework(framework_path)
    learners = load_gradebook(gradebook_path, framework)  # all checked before any issuing
    out.mkdir(parents=True, exist_ok=True)
    key = _issuer_key(out)
    profile = {"id": key.did_key, "type": ["Profile"], **framework.program}
    status_dir = out / "status"
    with Issuer(profile, key, registry=out / "registry.db",
                status_list=framework.status_list) as issuer:
        lines = issue_micro(framework, issuer, learners, out)
        revoke_sample(framework, issuer, lines)
        issuer.publish_status_list(status_dir)
        issue_groups(framework, issuer, learners, out, status_dir, lines)
        issuer.publish_status_list(status_dir)
        assert issuer.registry is not None
        consistency = issuer.registry.check()
        if consistency:
            raise RegistryError("registry inconsistent: " + "; ".join(consistency))
    problems = verify_outputs(learners, lines, status_dir) if verify else []
    checked = sum(len(line.files) for ls in lines.values() for line in ls) if verify else 0
    # issue #9: a display page and an award e-mail (.eml) per badge, see present.py
    from present import present
    present(out, learners, lines, status_dir)
    data, text = summarize(framework, learners, lines, checked, problems)
    write_atomically(out / "summary.json", json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    write_atomically(out / "summary.txt", text)
    sys.stdout.write(text)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    """Command line: ``run_demo.py [--out DIR] [--framework F] [--gradebook G]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("demo-output"))
    parser.add_argument("--framework", type=Path, default=HERE / "framework.json")
    parser.add_argument("--gradebook", type=Path, default=HERE / "gradebook.csv")
    parser.add_argument("--no-verify", action="store_true", help="skip the final verification")
    args = parser.parse_args(argv)
    try:
        return run(args.out, args.framework, args.gradebook, verify=not args.no_verify)
    except OpenBadgeError as exc:
        print(f"run_demo: {exc} [{exc.code}]", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
