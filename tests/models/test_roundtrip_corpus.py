"""Every third-party credential parses and writes back byte-for-byte, or is refused precisely.

Corpus: the credential JSON files under ``tests/vectors/spec-examples/`` (OB spec examples,
1EdTech validator fixtures, implementation-guide test vectors) and under
``tests/vectors/dcc-*`` and ``tests/vectors/1edtech-*``: every JSON object with a
``credentialSubject``.  For each one ``parse_credential(x).to_jsonld() == x`` with the same
keys in the same order (compared as serialized JSON text), single values kept single.
The ones the model refuses are listed below with the JSON path it must name; they are the
1EdTech validator's structural error fixtures and DCC's derived "broken" credentials.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from openbadge_kit.errors import ModelValidationError
from openbadge_kit.models import (
    AchievementCredential,
    EndorsementCredential,
    VerifiableCredential,
    parse_credential,
)

VECTORS = Path(__file__).resolve().parents[1] / "vectors"


def _corpus() -> list[tuple[str, Any]]:
    files: list[Path] = sorted(VECTORS.glob("*.json"))  # bench-credential-unsigned.json
    files.extend(sorted((VECTORS / "spec-examples").rglob("*.json")))
    for pattern in ("dcc-*", "1edtech-*"):
        for folder in sorted(VECTORS.glob(pattern)):
            files.extend(sorted(folder.rglob("*.json")))
    out = []
    for path in files:
        if path.name == "expectations.json":
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "credentialSubject" in data:
            out.append((path.relative_to(VECTORS).as_posix(), data))
    return out


CORPUS = _corpus()

# file name (under ob30/ in either copy of the validator fixtures, or a DCC derived file)
# -> the JSON path ModelValidationError must name first
REFUSED = {
    "ob30/simple-err-context.json": "$.credentialSubject.achievement",
    "ob30/simple-err-issued.json": "$.credentialSubject.achievement",
    "ob30/simple-noproof.json": "$.credentialSubject.achievement",
    "ob30/simple-err-issuer.json": "$.issuer",
    "ob30/simple-err-credential-subject-type.json": "$.credentialSubject.type",
    "ob30/simple-err-credential-subject-identifier-type.json":
        "$.credentialSubject.identifier[0].type",
    "ob30/simple-err-credential-subject-result-type.json": "$.credentialSubject.result[1].type",
    "ob30/simple-err-credential-subject-achievement-result-description-type.json":
        "$.credentialSubject.achievement.resultDescription[2].type",
    "ob30/simple-err-credential-subject-profile-type.json": "$.credentialSubject.source.type",
    "ob30/simple-err-evidence-type.json": "$.evidence[1].type",
    "ob30/simple-err-issuer-type.json": "$.issuer.type",
    "ob30/simple-err-issuer-parentorg-type.json": "$.issuer.parentOrg.type",
    "ob30/simple-err-issuer-otheridentifier-type.json": "$.issuer.otherIdentifier[1].type",
    "derived/credentialWithoutContext.json": "$['@context']",
    "derived/v1NonURIId.json": "$.id",
    "derived/v2NonURIId.json": "$.id",
}


def _refused_path(name: str) -> str | None:
    for suffix, path in REFUSED.items():
        if name.endswith("/" + suffix):
            return path
    return None


def test_corpus_is_there() -> None:
    assert len(CORPUS) >= 230
    folders = {name.split("/")[0] for name, _ in CORPUS}
    assert {"spec-examples", "dcc-vc-test-fixtures", "dcc-verifier-core",
            "dcc-learner-credential-wallet", "1edtech-dc-public-validator",
            "1edtech-ob3-spec-test-vectors"} <= folders


@pytest.mark.parametrize("name,data", CORPUS, ids=[name for name, _ in CORPUS])
def test_round_trip_or_precise_refusal(name: str, data: dict[str, Any]) -> None:
    expected_path = _refused_path(name)
    if expected_path is not None:
        with pytest.raises(ModelValidationError) as info:
            parse_credential(data)
        assert info.value.path == expected_path
        assert info.value.errors[0][0] == expected_path
        assert expected_path in str(info.value)
        return
    model = parse_credential(data)
    out = model.to_jsonld()
    assert out == data
    # same keys in the same order, single values still single, numbers unchanged
    assert json.dumps(out, ensure_ascii=False) == json.dumps(data, ensure_ascii=False)
    # writing does not alias the model's state
    out.clear()
    assert model.to_jsonld() == data


def test_every_refusal_is_in_the_corpus() -> None:
    names = [name for name, _ in CORPUS]
    for suffix in REFUSED:
        assert any(n.endswith("/" + suffix) for n in names), suffix


@pytest.mark.parametrize("name,data", CORPUS, ids=[name for name, _ in CORPUS])
def test_dispatch_by_type(name: str, data: dict[str, Any]) -> None:
    if _refused_path(name) is not None:
        return
    model = parse_credential(data)
    types = data["type"] if isinstance(data["type"], list) else [data["type"]]
    if "OpenBadgeCredential" in types or "AchievementCredential" in types:
        assert isinstance(model, AchievementCredential)
        assert model.achievement.name
        assert model.issuer_id
        assert model.valid_from_datetime is not None
    elif "EndorsementCredential" in types:
        assert isinstance(model, EndorsementCredential)
        assert model.credential_subject.id
    else:
        assert type(model) is VerifiableCredential
