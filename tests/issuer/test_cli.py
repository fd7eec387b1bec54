"""``openbadge issue`` / ``revoke`` / ``status`` / ``stack`` end to end, in process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from openbadge_kit.cli import main
from openbadge_kit.issuer.registry import SQLiteRegistry
from openbadge_kit.keys.ed25519 import Ed25519KeyPair
from openbadge_kit.keys.keyfile import save_key
from openbadge_kit.verify import verify

from .conftest import LIST_URL, make_achievement


@pytest.fixture
def setup(tmp_path: Path, key: Ed25519KeyPair) -> dict[str, Any]:
    key_file = save_key(tmp_path / "issuer.key", key)
    ach = tmp_path / "achievement.json"
    ach.write_text(json.dumps(make_achievement()), encoding="utf-8")
    return {"key": str(key_file), "ach": str(ach), "reg": str(tmp_path / "reg.db"),
            "tmp": tmp_path, "did": key.did_key}


def _issuer_args(s: dict[str, Any]) -> list[str]:
    return ["--key", s["key"], "--issuer-name", "Example College", "--registry", s["reg"],
            "--status-list", LIST_URL]


def test_issue_one_to_stdout(setup: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["issue", setup["ach"], "--to", "a@example.com", *_issuer_args(setup)])
    assert code == 0
    credential = json.loads(capsys.readouterr().out)
    report = verify(credential, recipient="a@example.com")
    assert report.result("proof").status.value == "passed"  # type: ignore[union-attr]
    assert credential["issuer"]["name"] == "Example College"


def test_csv_revoke_publish_and_once(setup: dict[str, Any],
                                     capsys: pytest.CaptureFixture[str]) -> None:
    tmp: Path = setup["tmp"]
    rows = "name,email\n" + "".join(f"Learner {i},l{i}@example.com\n" for i in range(5))
    (tmp / "class.csv").write_text(rows, encoding="utf-8")
    out = tmp / "issued"
    args = ["issue", setup["ach"], "--csv", str(tmp / "class.csv"), "--out", str(out),
            "--once", *_issuer_args(setup)]
    assert main(args) == 0
    files = sorted(out.glob("*.json"))
    assert len(files) == 5
    assert "issued 5 credential(s)" in capsys.readouterr().err
    assert main(args) == 0  # re-run: nothing new
    assert "issued 0 credential(s)" in capsys.readouterr().err
    assert len(list(out.glob("*.json"))) == 5

    revoked = json.loads(files[0].read_text("utf-8"))
    assert main(["revoke", revoked["id"], "--reason", "duplicate", "--registry",
                 setup["reg"]]) == 0
    status_dir = tmp / "status"
    assert main(["status", "publish", "--out", str(status_dir), "--key", setup["key"],
                 "--issuer-name", "Example College", "--registry", setup["reg"]]) == 0
    assert (status_dir / "1.json").exists()
    assert not verify(revoked, status_lists=status_dir).verified
    assert verify(json.loads(files[1].read_text("utf-8")), status_lists=status_dir).verified
    assert main(["status", "show", "--registry", setup["reg"]]) == 0
    assert "allocated=5  set=1" in capsys.readouterr().out


def test_a_bad_csv_issues_nothing(setup: dict[str, Any],
                                  capsys: pytest.CaptureFixture[str]) -> None:
    tmp: Path = setup["tmp"]
    bad = "email\na@example.com\nb@example.com\nnot-an-address\n"
    (tmp / "bad.csv").write_text(bad, encoding="utf-8")
    code = main(["issue", setup["ach"], "--csv", str(tmp / "bad.csv"), "--out",
                 str(tmp / "o"), *_issuer_args(setup)])
    assert code == 2
    assert "line 4" in capsys.readouterr().err
    assert not (tmp / "o").exists()
    (tmp / "dup.csv").write_text("email\na@example.com\nA@example.com\n", encoding="utf-8")
    assert main(["issue", setup["ach"], "--csv", str(tmp / "dup.csv"), "--out",
                 str(tmp / "o"), *_issuer_args(setup)]) == 2
    assert "line 3" in capsys.readouterr().err
    (tmp / "nocol.csv").write_text("name\nx\n", encoding="utf-8")
    assert main(["issue", setup["ach"], "--csv", str(tmp / "nocol.csv"), "--out",
                 str(tmp / "o"), *_issuer_args(setup)]) == 2
    reg = SQLiteRegistry(setup["reg"])
    assert reg.count() == 0
    reg.close()


def test_refusals_have_exit_codes(setup: dict[str, Any],
                                  capsys: pytest.CaptureFixture[str]) -> None:
    tmp: Path = setup["tmp"]
    (tmp / "broken.json").write_text('{"id": 1, "id": 2}', encoding="utf-8")
    assert main(["issue", str(tmp / "broken.json"), "--to", "a@example.com",
                 *_issuer_args(setup)]) == 2
    assert "duplicate JSON key" in capsys.readouterr().err
    no_name = make_achievement()
    del no_name["name"]
    (tmp / "noname.json").write_text(json.dumps(no_name), encoding="utf-8")
    assert main(["issue", str(tmp / "noname.json"), "--to", "a@example.com",
                 *_issuer_args(setup)]) == 1
    assert "achievement.name" in capsys.readouterr().err
    assert main(["issue", setup["ach"], "--to", "nobody", *_issuer_args(setup)]) == 2
    assert main(["revoke", "urn:uuid:unknown", "--registry", setup["reg"]]) == 1
    assert "credential_unknown" in capsys.readouterr().err


def test_stack_command(setup: dict[str, Any], key: Ed25519KeyPair,
                       capsys: pytest.CaptureFixture[str]) -> None:
    tmp: Path = setup["tmp"]
    children = []
    for n in (1, 2):
        path = tmp / f"ach{n}.json"
        path.write_text(json.dumps(make_achievement(n, f"Skill {n}")), encoding="utf-8")
        assert main(["issue", str(path), "--to", "a@example.com", *_issuer_args(setup)]) == 0
        child = tmp / f"child{n}.json"
        child.write_text(capsys.readouterr().out, encoding="utf-8")
        children.append(str(child))
    assert main(["status", "publish", "--out", str(tmp / "status"), "--key", setup["key"],
                 "--issuer-name", "Example College", "--registry", setup["reg"]]) == 0
    parent = make_achievement(50, "Group credential")
    stack = {"parent": parent,
             "rules": [{"id": "core", "name": "Core skills",
                        "achievements": [make_achievement(n)["id"] for n in (1, 2)]}],
             "extra": [{"id": "hours", "name": "Employer hours", "minimum": 10}],
             "trustedIssuers": [key.did_key]}
    (tmp / "stack.json").write_text(json.dumps(stack), encoding="utf-8")
    base = ["stack", str(tmp / "stack.json"), *children, "--recipient", "a@example.com",
            "--status-lists", str(tmp / "status")]
    capsys.readouterr()
    assert main([*base, "--extra", "hours=4"]) == 1
    assert "✗ Employer hours: 4 (at least 10 required)" in capsys.readouterr().out
    out = tmp / "parent.json"
    assert main([*base, "--extra", "hours=12", "--issue", "--key", setup["key"],
                 "--issuer-name", "Example College", "--registry", setup["reg"],
                 "--status-list", LIST_URL, "-o", str(out)]) == 0
    issued = json.loads(out.read_text("utf-8"))
    assert verify(issued, status_lists=tmp / "status", recipient="a@example.com").verified
    assert len(issued["evidence"]) == 2
    assert main([*base[:3], "--recipient", "a@example.com", "--extra", "oops"]) == 2


def test_progress_bar_draws_one_line() -> None:
    import io

    from openbadge_kit.cli.issue_cmd import progress_bar

    stream = io.StringIO()
    draw = progress_bar(stream, "issuing")
    for done in range(0, 1001, 10):
        draw(done, 1000)
    text = stream.getvalue()
    assert text.endswith("issuing [" + "#" * 30 + "] 1000/1000\n")
    assert text.count("\r") == 101 and text.count("\n") == 1
