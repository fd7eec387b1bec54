"""Stacking: evaluate children with the verifier, then issue (or refuse) the parent."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from openbadge_kit.errors import StackingError
from openbadge_kit.identity import identity_matches
from openbadge_kit.issuer import Issuer
from openbadge_kit.keys.ed25519 import Ed25519KeyPair
from openbadge_kit.stacking import ChildRule, ExtraRequirement, Stack, evaluate, issue_parent
from openbadge_kit.verify import verify

LIST_URL = "https://badges.example.edu/status/1"
LEARNER = "learner@example.edu"


def achievement(n: int, name: str | None = None) -> dict[str, Any]:
    return {"id": f"https://badges.example.edu/achievements/{n}", "type": ["Achievement"],
            "name": name or f"Skill {n}", "description": "Illustrative test achievement.",
            "criteria": {"narrative": "Complete the assignments."}}


PARENT = achievement(100, "Job and Career Ready (illustrative)")
CHILD_IDS = tuple(achievement(n)["id"] for n in range(1, 4))


@dataclass
class World:
    issuer: Issuer
    key: Ed25519KeyPair
    status_dir: Path

    def publish(self) -> Path:
        self.issuer.publish_status_list(self.status_dir)
        return self.status_dir

    def children(self, recipient: str = LEARNER, ns: tuple[int, ...] = (1, 2, 3)
                 ) -> list[dict[str, Any]]:
        out = []
        for n in ns:
            credential = self.issuer.issue(achievement(n), recipient).credential
            assert isinstance(credential, dict)
            out.append(credential)
        return out


@pytest.fixture
def world(tmp_path: Path) -> Any:
    key = Ed25519KeyPair.from_seed(bytes(range(32)))
    profile = {"id": key.did_key, "type": ["Profile"], "name": "Example Community College"}
    issuer = Issuer(profile, key, registry=tmp_path / "r.db", status_list=LIST_URL, workers=1)
    yield World(issuer, key, tmp_path / "status")
    issuer.close()


def hours_stack(key: Ed25519KeyPair, *, min_count: int | None = None) -> Stack:
    return Stack(
        parent=PARENT,
        rules=(ChildRule("skills", "Core skills", CHILD_IDS, min_count),),
        extra=(ExtraRequirement("employer-hours", "Hours of employer engagement",
                                minimum=10, unit="hours"),
               ExtraRequirement("final", "Final evidence of learning", kind="level",
                                levels=("Incomplete", "Complete"),
                                required_level="Complete")),
        trusted_issuers=(key.did_key,),
    )


EXTRA_OK = {"employer-hours": 12, "final": "Complete"}


def test_all_met_issues_a_verifiable_parent_with_evidence_and_results(world: World) -> None:
    kids = world.children()
    stack = hours_stack(world.key)
    evaluation = evaluate(stack, kids, recipient=LEARNER, extra=EXTRA_OK,
                          status_lists=world.publish())
    assert evaluation.met, evaluation.to_text()
    assert all(c.accepted for c in evaluation.children)

    parent = issue_parent(world.issuer, stack, kids, recipient=LEARNER, extra=EXTRA_OK,
                          status_lists=world.status_dir)
    credential = parent.credential
    assert isinstance(credential, dict)
    report = verify(credential, status_lists=world.publish(), recipient=LEARNER)
    assert report.verified, report.to_text()
    assert [e["id"] for e in credential["evidence"]] == [k["id"] for k in kids]
    assert all(e["name"] and e["narrative"] for e in credential["evidence"])
    subject = credential["credentialSubject"]
    assert identity_matches(subject["identifier"][0], LEARNER)
    results = {r["resultDescription"]: r for r in subject["result"]}
    descriptions = {d["id"]: d for d in subject["achievement"]["resultDescription"]}
    assert set(results) == set(descriptions)  # each result points at its description
    hours = results[f"{PARENT['id']}#requirement-employer-hours"]
    assert hours["value"] == "12"
    final = results[f"{PARENT['id']}#requirement-final"]
    levels = descriptions[final["resultDescription"]]["rubricCriterionLevel"]
    assert final["achievedLevel"] == next(lv["id"] for lv in levels if lv["name"] == "Complete")


def test_a_revoked_child_blocks_the_parent(world: World) -> None:
    kids = world.children()
    world.issuer.revoke(kids[1]["id"], "academic integrity review")
    stack = hours_stack(world.key)
    evaluation = evaluate(stack, kids, recipient=LEARNER, extra=EXTRA_OK,
                          status_lists=world.publish())
    assert not evaluation.met
    refused = evaluation.children[1]
    assert not refused.accepted and any("status" in r for r in refused.reasons)
    assert evaluation.missing[0].missing == [CHILD_IDS[1]]
    before = world.issuer.registry.count()  # type: ignore[union-attr]
    with pytest.raises(StackingError) as info:
        issue_parent(world.issuer, stack, kids, recipient=LEARNER, extra=EXTRA_OK,
                     status_lists=world.status_dir)
    assert info.value.code == "stack_not_met"
    assert world.issuer.registry.count() == before  # type: ignore[union-attr]


def test_someone_elses_child_does_not_count(world: World) -> None:
    kids = world.children(ns=(1, 2)) + world.children("other@example.edu", ns=(3,))
    evaluation = evaluate(hours_stack(world.key), kids, recipient=LEARNER, extra=EXTRA_OK,
                          status_lists=world.publish())
    assert not evaluation.met
    assert evaluation.children[2].reasons == [
        "issued to someone else (recipient does not match)"]
    # the same badges do not stack for the other person either
    other = evaluate(hours_stack(world.key), kids, recipient="other@example.edu",
                     extra=EXTRA_OK, status_lists=world.status_dir)
    assert [c.accepted for c in other.children] == [False, False, True]


def test_untrusted_issuer_and_tampered_children_are_refused(world: World, tmp_path: Path
                                                            ) -> None:
    stranger_key = Ed25519KeyPair.from_seed(bytes([9]) * 32)
    stranger = Issuer({"id": stranger_key.did_key, "type": "Profile", "name": "Elsewhere"},
                      stranger_key)
    foreign = stranger.issue(achievement(3), LEARNER).credential
    kids = world.children(ns=(1, 2))
    forged = json.loads(json.dumps(kids[1]))
    forged["credentialSubject"]["achievement"]["id"] = CHILD_IDS[2]  # pretend to be skill 3
    evaluation = evaluate(hours_stack(world.key), [kids[0], forged, foreign, kids[1]],
                          recipient=LEARNER, extra=EXTRA_OK, status_lists=world.publish())
    accepted = [c.accepted for c in evaluation.children]
    assert accepted == [True, False, False, True]
    assert any(r.startswith("not verified") for r in evaluation.children[1].reasons)
    assert any("not trusted" in r for r in evaluation.children[2].reasons)
    assert not evaluation.met and evaluation.missing[0].missing == [CHILD_IDS[2]]


def test_n_of_m(world: World) -> None:
    two = world.children(ns=(1, 3))
    stack = hours_stack(world.key, min_count=2)
    status = world.publish()
    met = evaluate(stack, two, recipient=LEARNER, extra=EXTRA_OK, status_lists=status)
    assert met.met and met.requirements[0].detail == "2 of 3 held (at least 2)"
    one = evaluate(stack, two[:1], recipient=LEARNER, extra=EXTRA_OK, status_lists=status)
    assert not one.met
    assert one.requirements[0].missing == [CHILD_IDS[1], CHILD_IDS[2]]
    # the same achievement twice counts once
    dup = evaluate(stack, [two[0], two[0]], recipient=LEARNER, extra=EXTRA_OK,
                   status_lists=status)
    assert not dup.met


@pytest.mark.parametrize(
    ("extra", "failing"),
    [
        ({"employer-hours": 9.5, "final": "Complete"}, "employer-hours"),
        ({"employer-hours": "lots", "final": "Complete"}, "employer-hours"),
        ({"final": "Complete"}, "employer-hours"),
        ({"employer-hours": 10, "final": "Incomplete"}, "final"),
        ({"employer-hours": 10, "final": "Excellent"}, "final"),
    ],
)
def test_extra_requirements(world: World, extra: dict[str, Any], failing: str) -> None:
    evaluation = evaluate(hours_stack(world.key), world.children(), recipient=LEARNER,
                          extra=extra, status_lists=world.publish())
    assert [r.id for r in evaluation.missing] == [failing]


def test_hostile_children_are_refused_not_raised(world: World) -> None:
    kids = world.children()
    junk: list[Any] = [b"\x89PNG\r\n\x1a\n garbage", "{not json", {"@context": 5}, "a.b.c"]
    evaluation = evaluate(hours_stack(world.key), junk + kids, recipient=LEARNER,
                          extra=EXTRA_OK, status_lists=world.publish())
    assert [c.accepted for c in evaluation.children] == [False] * 4 + [True] * 3
    assert evaluation.met


def test_ten_child_parent(world: World) -> None:
    ids = tuple(achievement(n)["id"] for n in range(10, 20))
    kids = world.children(ns=tuple(range(10, 20)))
    stack = Stack(PARENT, (ChildRule("all", "All ten", ids),), (),
                  (world.key.did_key,))
    evaluation = evaluate(stack, kids, recipient=LEARNER, status_lists=world.publish())
    assert evaluation.met and len(evaluation.used_children) == 10


def test_stack_definitions_are_checked(world: World) -> None:
    key = world.key
    good = hours_stack(key).to_dict()
    assert Stack.from_dict(good) == hours_stack(key)
    cases: list[tuple[dict[str, Any], str]] = [
        ({**good, "trustedIssuers": []}, "trusted issuer"),
        ({**good, "rules": [{"id": "r", "achievements": [PARENT["id"]]}]}, "cycle"),
        ({**good, "rules": [{"id": "r", "achievements": ["a", "a"]}]}, "twice"),
        ({**good, "rules": [{"id": "r", "achievements": ["a"], "minCount": 2}]}, "needs 2"),
        ({**good, "rules": "all"}, "'rules' must be a list"),
        ({**good, "extra": [{"id": "h", "kind": "minimum"}]}, "needs a minimum"),
        ({**good, "extra": [{"id": "h", "kind": "level", "levels": ["A"],
                             "requiredLevel": "B"}]}, "requiredLevel"),
        ({**good, "parent": {"name": "x"}}, "needs an id"),
    ]
    for data, message in cases:
        with pytest.raises(StackingError) as info:
            Stack.from_dict(data)
        assert message in str(info.value), (message, str(info.value))
    with pytest.raises(StackingError):
        evaluate(hours_stack(key), [], recipient=" ")


def test_vc_jwt_children_stack(tmp_path: Path) -> None:
    key = Ed25519KeyPair.from_seed(bytes(range(32)))
    profile = {"id": key.did_key, "type": ["Profile"], "name": "JWT College"}
    with Issuer(profile, key, proof_format="vc-jwt", registry=tmp_path / "r.db",
                status_list=LIST_URL) as issuer:
        kids = [issuer.issue(achievement(n), LEARNER).credential for n in (1, 2, 3)]
        assert all(isinstance(k, str) for k in kids)
        status = issuer.publish_status_list(tmp_path / "status").parent
        parent = issue_parent(issuer, hours_stack(key), kids, recipient=LEARNER,
                              extra=EXTRA_OK, status_lists=status)
    assert isinstance(parent.credential, str)
    report = verify(parent.credential.encode(), status_lists=status, recipient=LEARNER)
    assert report.verified, report.to_text()
