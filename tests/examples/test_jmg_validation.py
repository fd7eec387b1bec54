"""The JMG example refuses bad frameworks and gradebooks, naming the key or line."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jmg_framework import load_framework, micro_status, parse_framework, parse_gradebook
from run_demo import run

from openbadge_kit.errors import FrameworkError

from .conftest import JMG

FRAMEWORK = json.loads((JMG / "framework.json").read_text("utf-8"))
HEADER = "learner,email,assignment,score,hours\n"


def _problems(exc: pytest.ExceptionInfo[FrameworkError]) -> list[str]:
    return list(exc.value.problems)  # type: ignore[attr-defined]


def test_the_shipped_files_are_valid_and_illustrative() -> None:
    framework = load_framework(JMG / "framework.json")
    assert "ILLUSTRATIVE" in FRAMEWORK["notice"]
    assert framework.micro["professionalism"].skills == (
        "verbal-communication", "written-communication", "attire", "employer-expectations")
    assert [m.hours for m in framework.micro.values()] == [2, 2, 2]
    assert framework.groups["job-career-ready"].hours == 10
    learners = parse_gradebook((JMG / "gradebook.csv").read_text("utf-8"), framework)
    assert len(learners) == 12


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("A,a@example.org,PRO-9,1,0\n", "line 2: unknown assignment 'PRO-9'"),
        ("A,a@example.org,PRO-1,1,0\nA,a@example.org,PRO-1,0,0\n",
         "line 3: duplicate row for a@example.org / PRO-1 (first on line 2)"),
        ("A,not-an-email,PRO-1,1,0\n", "line 2: bad e-mail address 'not-an-email'"),
        ("A,a@example.org,PRO-1,yes,0\n", "line 2: score must be 1 (Complete) or 0"),
        ("A,a@example.org,PRO-1,0.5,0\n", "line 2: score must be 1"),
        ("A,a@example.org,PRO-1,1,two\n", "line 2: hours must be a non-negative number"),
        ("A,a@example.org,PRO-1,1,-1\n", "line 2: hours must be a non-negative number"),
        ("A,a@example.org,PRO-1,1,nan\n", "line 2: hours must be a non-negative number"),
        ("A,a@example.org,PRO-1,1,0\nB,a@example.org,PRO-2,1,0\n",
         "line 3: a@example.org is 'A' on line 2 but 'B' here"),
        ("A,a@example.org,PRO-1,1,0,extra\n", "line 2: more fields than columns"),
        (",a@example.org,PRO-1,1,0\n", "line 2: learner name is empty"),
    ],
)
def test_bad_gradebook_rows_name_the_line(rows: str, expected: str) -> None:
    framework = parse_framework(FRAMEWORK)
    with pytest.raises(FrameworkError) as info:
        parse_gradebook(HEADER + rows, framework, source="book.csv")
    assert any(expected in p for p in _problems(info)), _problems(info)
    assert "book.csv" in str(info.value)


def test_every_problem_is_reported_at_once() -> None:
    framework = parse_framework(FRAMEWORK)
    rows = "A,bad,PRO-1,1,0\nB,b@example.org,NOPE,1,0\nC,c@example.org,PRO-1,x,0\n"
    with pytest.raises(FrameworkError) as info:
        parse_gradebook(HEADER + rows, framework)
    assert [p.split(":")[1].strip() for p in _problems(info)] == ["line 2", "line 3", "line 4"]


def test_missing_columns() -> None:
    with pytest.raises(FrameworkError) as info:
        parse_gradebook("learner,email,score\nA,a@example.org,1\n", parse_framework(FRAMEWORK))
    assert "line 1: missing column(s) assignment, hours" in str(info.value)


def _mutated(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(FRAMEWORK)
    change(data)
    return data


def _add_group(data: dict[str, Any], gid: str, children: list[str]) -> None:
    data["groupCredentials"].append({"id": gid, "name": gid, "description": "x",
                                     "children": children, "hours": 1})


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["groupCredentials"][0]["children"].append("ghost"),
         "groupCredentials[0].children[3]: missing child 'ghost'"),
        (lambda d: (_add_group(d, "a", ["b"]), _add_group(d, "b", ["a"])),
         "groupCredentials: cycle a -> b -> a"),
        (lambda d: _add_group(d, "self", ["self"]), "cycle self -> self"),
        (lambda d: d["microCredentials"][1]["skills"].append("juggling"),
         "microCredentials[1].skills[3]: unknown skill 'juggling'"),
        (lambda d: d["skills"][1].update(id="verbal-communication"),
         "skills[1].id: 'verbal-communication' is already used by skills[0]"),
        (lambda d: d["skills"][2].update(assignment="PRO-1"),
         "skills[2].assignment: 'PRO-1' is already used"),
        (lambda d: d["microCredentials"][0].update(hours="two"),
         "microCredentials[0].hours: must be a non-negative number"),
        (lambda d: d["microCredentials"][0].pop("name"), "microCredentials[0].name"),
        (lambda d: d.update(baseUrl="http://insecure.example"), "$.baseUrl"),
        (lambda d: d["groupCredentials"][0].update(children=[]),
         "groupCredentials[0].children: must be a non-empty list"),
    ],
)
def test_bad_frameworks_name_the_key(change: Any, expected: str) -> None:
    with pytest.raises(FrameworkError) as info:
        parse_framework(_mutated(change))
    assert any(expected in p for p in _problems(info)), _problems(info)


def test_nothing_is_written_from_invalid_input(tmp_path: Path) -> None:
    bad_book = tmp_path / "book.csv"
    bad_book.write_text(HEADER + "A,a@example.org,PRO-1,1,0\nB,b@x,PRO-1,1,0\n", "utf-8")
    out = tmp_path / "out"
    with pytest.raises(FrameworkError):
        run(out, JMG / "framework.json", bad_book)
    assert not out.exists()
    bad_framework = tmp_path / "framework.json"
    bad_framework.write_text(json.dumps(_mutated(
        lambda d: d["groupCredentials"][0]["children"].append("ghost"))), "utf-8")
    with pytest.raises(FrameworkError):
        run(out, bad_framework, JMG / "gradebook.csv")
    assert not out.exists()
    bad_framework.write_text('{"skills": [], "skills": []}', "utf-8")
    with pytest.raises(FrameworkError) as info:
        load_framework(bad_framework)
    assert "duplicate JSON key" in str(info.value)


def test_micro_status_rules() -> None:
    framework = parse_framework(FRAMEWORK)
    rows = "".join(f"A,a@example.org,{code},1,0.5\n" for code in ("PRO-1", "PRO-2", "PRO-3"))
    (learner,) = parse_gradebook(HEADER + rows + "A,a@example.org,PRO-4,0,1\n", framework)
    status = micro_status(framework, learner, framework.micro["professionalism"])
    assert status.award is None
    assert status.missing == ["Employer Expectations: PRO-4 graded Incomplete"]
    (learner,) = parse_gradebook(HEADER + rows + "A,a@example.org,PRO-4,1,0\n", framework)
    status = micro_status(framework, learner, framework.micro["professionalism"])
    assert status.missing == ["hours of employer engagement: 1.5 of 2"]
    (learner,) = parse_gradebook(HEADER + rows + "A,a@example.org,PRO-4,1,1\n", framework)
    award = micro_status(framework, learner, framework.micro["professionalism"]).award
    assert award is not None and award.hours == 2.5
    assert len(award.results) == 5  # four rubric results and the hours
