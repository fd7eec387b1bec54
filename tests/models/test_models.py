"""Building credentials with the models, parsing leniently, and errors with JSON paths."""

from __future__ import annotations

import doctest
import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pydantic
import pytest

import openbadge_kit.models as models
from openbadge_kit.errors import InvalidInputError, ModelValidationError
from openbadge_kit.identity import identity_matches
from openbadge_kit.models import (
    Achievement,
    AchievementCredential,
    AchievementSubject,
    Alignment,
    CredentialSchema,
    Criteria,
    EndorsementCredential,
    Evidence,
    IdentityObject,
    Image,
    OpenBadgeCredential,
    Profile,
    Result,
    ResultDescription,
    VerifiableCredential,
    new_id,
    parse_credential,
)
from openbadge_kit.schema import validate_schema

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
OB30 = VECTORS / "1edtech-dc-public-validator" / "ob30"
SPEC = VECTORS / "spec-examples" / "spec"
UUID_URN = re.compile(
    r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
)
SPEC_HASH = "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _achievement(**extra: Any) -> Achievement:
    return Achievement(
        id="https://example.edu/achievements/teamwork",
        name="Teamwork",
        description="Works well in a team.",
        criteria=Criteria(narrative="Peer nominated."),
        achievement_type="Badge",
        **extra,
    )


ISSUER = Profile(id="https://example.edu/issuers/1", name="Example College")


# --- building ----------------------------------------------------------------------------


def test_new_credential_has_the_spec_shape() -> None:
    cred = AchievementCredential.new(
        issuer=ISSUER,
        achievement=_achievement(),
        recipient=IdentityObject.hashed_email("a@example.com", salt="Kosher"),
        id="urn:uuid:2f6b1c9e-1111-4222-8333-444455556666",
        valid_from=datetime(2024, 5, 1, 14, 0, 0, 987654, tzinfo=timezone(timedelta(hours=2))),
    )
    assert cred.to_jsonld() == {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:2f6b1c9e-1111-4222-8333-444455556666",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Teamwork",
        "issuer": {
            "id": "https://example.edu/issuers/1",
            "type": ["Profile"],
            "name": "Example College",
        },
        "validFrom": "2024-05-01T12:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://example.edu/achievements/teamwork",
                "type": ["Achievement"],
                "achievementType": "Badge",
                "criteria": {"narrative": "Peer nominated."},
                "description": "Works well in a team.",
                "name": "Teamwork",
            },
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": SPEC_HASH,
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": "Kosher",
                }
            ],
        },
    }
    out = cred.to_jsonld()
    assert list(out)[:3] == ["@context", "id", "type"]
    assert cred is not None and OpenBadgeCredential is AchievementCredential


def test_new_credential_defaults() -> None:
    before = datetime.now(timezone.utc).replace(microsecond=0)
    cred = AchievementCredential.new(
        issuer="https://example.edu/issuers/1", achievement=_achievement(),
        recipient="did:example:learner",
    )
    out = cred.to_jsonld()
    assert UUID_URN.match(out["id"])
    assert out["name"] == "Teamwork"
    assert out["issuer"] == {"id": "https://example.edu/issuers/1", "type": ["Profile"]}
    assert out["credentialSubject"]["id"] == "did:example:learner"
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", out["validFrom"])
    assert before <= cred.valid_from_datetime  # type: ignore[operator]
    assert "identifier" not in out["credentialSubject"]  # no empty arrays
    assert "null" not in json.dumps(out) and "[]" not in json.dumps(out)
    assert cred.vc_version == "2.0"


def test_new_credential_with_everything_is_schema_valid() -> None:
    rubric = ResultDescription.rubric("Resume assignment", id="https://example.edu/rd/resume",
                                      required_level="Complete")
    hours = ResultDescription.numeric("Hours of employer engagement", value_min=0)
    achievement = _achievement(
        result_description=[rubric, hours],
        alignment=[Alignment(target_name="Teamwork", target_url="https://example.org/fw/1",
                             target_type="CFItem")],
        image=Image(id="https://example.edu/badge.png", caption="Teamwork badge"),
        tag=["soft skills"],
    )
    cred = AchievementCredential.new(
        issuer=ISSUER,
        achievement=achievement,
        recipient=[IdentityObject.hashed_email("a@example.com")],
        results=[Result.for_level(rubric, "Complete"), Result.for_value(hours, 12)],
        evidence=[Evidence(id="urn:uuid:1c6f2d9a-6c61-4b2e-9d0b-2e4f3c1a5b7d",
                           name="Resume", narrative="Submitted and graded complete.")],
        valid_until=datetime(2030, 1, 1, tzinfo=timezone.utc),
        awarded_date="2024-05-01T12:00:00Z",
        credential_schema=[CredentialSchema.achievement_credential()],
    )
    data = cred.to_jsonld()
    assert validate_schema(data) == []
    assert validate_schema(data, flavour="strict") == []
    assert data["validUntil"] == "2030-01-01T00:00:00Z"
    assert AchievementCredential.from_jsonld(data).to_jsonld() == data


def test_new_credential_recipient_rules() -> None:
    with pytest.raises(ModelValidationError) as info:
        AchievementCredential.new(issuer=ISSUER, achievement=_achievement(), recipient=[])
    assert info.value.path == "$.credentialSubject"
    subject = AchievementSubject(id="did:example:1", achievement=_achievement())
    cred = AchievementCredential.new(issuer=ISSUER, achievement=_achievement(), recipient=subject)
    assert cred.credential_subject is subject
    rd = ResultDescription.numeric("Hours")
    with pytest.raises(ModelValidationError):
        AchievementCredential.new(issuer=ISSUER, achievement=_achievement(), recipient=subject,
                                  results=[Result.for_value(rd, 1)])


def test_endorsement_new_is_schema_valid() -> None:
    endorsement = EndorsementCredential.new(
        issuer=Profile(id="https://accreditor.example/issuers/1", name="Accreditor"),
        endorsed_id="https://example.edu/issuers/1",
        name="Accreditation",
        comment="In good standing.",
        valid_from=datetime(2024, 1, 1, tzinfo=timezone.utc),
    )
    data = endorsement.to_jsonld()
    assert data["type"] == ["VerifiableCredential", "EndorsementCredential"]
    assert data["credentialSubject"] == {
        "id": "https://example.edu/issuers/1", "type": ["EndorsementSubject"],
        "endorsementComment": "In good standing.",
    }
    assert validate_schema(data, "endorsementcredential") == []
    assert parse_credential(data).to_jsonld() == data


def test_new_id() -> None:
    a, b = new_id(), new_id()
    assert a != b and UUID_URN.match(a) and UUID_URN.match(b)
    assert new_id("x") == new_id("x") != new_id("y")
    assert new_id("x").startswith("urn:uuid:")


def test_achievement_id_defaults_to_urn_uuid() -> None:
    achievement = Achievement(name="A", description="B", criteria=Criteria(narrative="C"))
    assert UUID_URN.match(achievement.id)


# --- recipients ----------------------------------------------------------------------------


@pytest.mark.parametrize("email,salt,expected", [
    ("a@example.com", "Kosher",
     "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"),
    ("jjefferson18@example.com", "FleurDeSel",
     "sha256$658625b25ab3d75d613ca97d9a5a77f70e2192feca5557f4ad09a4d4f121f5fc"),
])
def test_hashed_email_spec_examples(email: str, salt: str, expected: str) -> None:
    identity = IdentityObject.hashed_email(email, salt=salt)
    assert identity.to_jsonld() == {
        "type": "IdentityObject", "identityHash": expected, "identityType": "emailAddress",
        "hashed": True, "salt": salt,
    }
    assert identity.matches(email)
    assert identity_matches(identity, email)
    assert not identity.matches("someone@example.com")


def test_hashed_email_random_salt_and_normalization() -> None:
    one = IdentityObject.hashed_email(" A@Example.com ")
    two = IdentityObject.hashed_email("a@example.com")
    assert one.salt and two.salt and one.salt != two.salt
    assert re.match(r"^[0-9a-f]{32}$", one.salt)
    assert one.identity_hash != two.identity_hash
    assert one.matches("a@example.com") and one.matches("A@EXAMPLE.COM")
    exact = IdentityObject.hashed_email("A@Example.com", salt="s", normalize=False)
    assert exact.matches("A@Example.com") and not exact.matches("a@example.com")


def test_plain_identity() -> None:
    identity = IdentityObject.plain("12345", "sisSourcedId")
    assert identity.to_jsonld() == {"type": "IdentityObject", "identityHash": "12345",
                                    "identityType": "sisSourcedId", "hashed": False}
    assert identity.matches("12345") and not identity.matches("1234")


def test_identity_object_hashed_must_be_boolean() -> None:
    with pytest.raises(ModelValidationError) as info:
        IdentityObject.from_jsonld({"type": "IdentityObject", "identityHash": "x",
                                    "identityType": "emailAddress", "hashed": "true"})
    assert info.value.path == "$.hashed"


# --- rubric and numeric results (issue #9) ---------------------------------------------------


def test_rubric_result_description() -> None:
    rubric = ResultDescription.rubric("Resume assignment", id="https://example.edu/rd/resume",
                                      required_level="Complete")
    data = rubric.to_jsonld()
    complete, incomplete = data["rubricCriterionLevel"]
    assert data["resultType"] == "RubricCriterionLevel"
    assert (complete["name"], complete["points"]) == ("Complete", "1")
    assert (incomplete["name"], incomplete["points"]) == ("Incomplete", "0")
    assert complete["type"] == ["RubricCriterionLevel"]
    assert data["requiredLevel"] == complete["id"]
    # level ids follow from the description id: stable across runs, distinct per level
    again = ResultDescription.rubric("Resume assignment", id="https://example.edu/rd/resume")
    assert [lv.id for lv in again.rubric_criterion_level] == [complete["id"], incomplete["id"]]
    other = ResultDescription.rubric("Other", id="https://example.edu/rd/other")
    assert other.rubric_criterion_level[0].id != complete["id"]
    assert UUID_URN.match(ResultDescription.rubric("x").id)


def test_rubric_result_points_at_level() -> None:
    rubric = ResultDescription.rubric("Assignment")
    result = Result.for_level(rubric, "Incomplete")
    assert result.to_jsonld() == {
        "type": ["Result"],
        "achievedLevel": rubric.level("Incomplete").id,
        "resultDescription": rubric.id,
    }
    assert Result.for_level(rubric, rubric.level("Complete").id).achieved_level == (
        rubric.level("Complete").id)
    with pytest.raises(ModelValidationError, match="no rubric level 'Excellent'"):
        Result.for_level(rubric, "Excellent")
    with pytest.raises(ModelValidationError):
        ResultDescription.rubric("Empty", levels=[])


def test_custom_rubric_levels() -> None:
    rubric = ResultDescription.rubric("Project", [("Mastery", "4"), ("Basic", "2"),
                                                  ("Missing", None)])
    assert [(lv.name, lv.points) for lv in rubric.rubric_criterion_level] == [
        ("Mastery", "4"), ("Basic", "2"), ("Missing", None)]
    assert "points" not in rubric.to_jsonld()["rubricCriterionLevel"][2]


def test_numeric_result() -> None:
    hours = ResultDescription.numeric("Hours of employer engagement", value_min=0,
                                      value_max=40.0, id="urn:uuid:00000000-0000-4000-8000-0")
    data = hours.to_jsonld()
    assert data == {"id": "urn:uuid:00000000-0000-4000-8000-0", "type": ["ResultDescription"],
                    "name": "Hours of employer engagement", "resultType": "RawScore",
                    "valueMax": "40", "valueMin": "0"}
    assert Result.for_value(hours, 12).value == "12"
    assert Result.for_value(hours, 12.0).value == "12"
    assert Result.for_value(hours, 7.5).value == "7.5"
    assert Result.for_value(hours, "3").value == "3"
    with pytest.raises(ModelValidationError):
        Result.for_value(hours, True)


def test_result_status_is_a_closed_enumeration() -> None:
    assert Result.from_jsonld({"type": ["Result"], "status": "Completed"}).status == "Completed"
    with pytest.raises(ModelValidationError) as info:
        Result.from_jsonld({"type": ["Result"], "status": "Done"})
    assert info.value.path == "$.status"


def test_spec_example_results_resolve_to_descriptions() -> None:
    cred = AchievementCredential.from_jsonld(_load(SPEC / "ob-complete-openbadgecredential.json"))
    achievement = cred.achievement
    levels = {lv.id: lv for d in achievement.result_description for lv in d.rubric_criterion_level}
    for result in cred.credential_subject.result:
        assert result.result_description is not None
        assert achievement.result_description_by_id(result.result_description) is not None
        if result.achieved_level:
            # (the spec example points at a level of a sibling description)
            assert levels[result.achieved_level].name == "Mastery"
    assert achievement.result_description_by_id("urn:uuid:nope") is None


# --- parsing leniently and writing back ------------------------------------------------------


def test_single_values_stay_single_and_arrays_stay_arrays() -> None:
    data = _load(OB30 / "simple.json")
    data["credentialSubject"]["type"] = "AchievementSubject"
    data["proof"] = data["proof"][0] if isinstance(data["proof"], list) else data["proof"]
    cred = AchievementCredential.from_jsonld(data)
    assert cred.credential_subject.type == ["AchievementSubject"]
    assert isinstance(cred.proof, list) and len(cred.proof) == 1
    out = cred.to_jsonld()
    assert out["credentialSubject"]["type"] == "AchievementSubject"
    assert isinstance(out["proof"], dict)
    assert out == data


def test_edits_keep_the_input_order_and_new_keys_follow() -> None:
    data = _load(OB30 / "simple.json")
    cred = AchievementCredential.from_jsonld(data)
    cred.name = "Renamed"
    cred.description = "Added later"
    out = cred.to_jsonld()
    assert list(out)[: len(data)] == list(data)
    assert list(out)[-1] == "description"
    assert out["name"] == "Renamed"
    cred.proof = []
    assert cred.to_jsonld().get("proof") == []  # it came in as an array: kept as one


def test_extensions_and_unknown_terms_preserved_in_order() -> None:
    data = _load(OB30 / "simple.json")
    data["credentialSubject"]["achievement"]["zExtension"] = {"b": 1, "a": [2, {"c": None}]}
    data["credentialSubject"]["achievement"]["aExtension"] = "x"
    cred = AchievementCredential.from_jsonld(data)
    achievement = cred.achievement
    assert list(achievement.extensions) == ["zExtension", "aExtension"]
    out = cred.to_jsonld()
    assert json.dumps(out) == json.dumps(data)
    out["credentialSubject"]["achievement"]["zExtension"]["b"] = 99
    assert achievement.extensions["zExtension"]["b"] == 1


@pytest.mark.parametrize("key", ["_jsonld_order", "_jsonld_shapes", "__dict__", "__class__",
                                 "model_config", "to_jsonld", "__pydantic_extra__", ""])
def test_hostile_property_names_are_plain_extensions(key: str) -> None:
    data = _load(OB30 / "simple.json")
    data[key] = {"a": 1}
    cred = AchievementCredential.from_jsonld(data)
    assert cred.extensions == {key: {"a": 1}}
    assert json.dumps(cred.to_jsonld()) == json.dumps(data)


def test_python_names_are_not_json_names() -> None:
    """In JSON, ``valid_from`` is an unknown term, not ``validFrom``."""
    data = _load(OB30 / "simple.json")
    data["valid_until"] = "2000-01-01T00:00:00Z"
    cred = AchievementCredential.from_jsonld(data)
    assert cred.valid_until is None
    assert cred.extensions == {"valid_until": "2000-01-01T00:00:00Z"}
    assert cred.to_jsonld() == data


def test_issuer_as_uri_and_vc11_dates() -> None:
    path = (VECTORS / "dcc-vc-test-fixtures/verifiableCredentials/v1/ed25519/didKey"
            / "legacy-noStatus-noExpiry-stringIssuerId.json")
    data = _load(path)
    cred = AchievementCredential.from_jsonld(data)
    assert isinstance(cred.issuer, str) and cred.issuer_id == data["issuer"]
    assert cred.vc_version == "1.1"
    assert cred.valid_from is None and cred.issuance_date == data["issuanceDate"]
    assert cred.valid_from_datetime is not None
    assert cred.valid_from_datetime.tzinfo is not None
    assert cred.to_jsonld() == data


def test_nulls_and_empty_arrays_from_others_are_kept() -> None:
    data = _load(OB30 / "simple.json")
    data["credentialSubject"]["achievement"]["alignment"] = []
    data["credentialSubject"]["achievement"]["humanCode"] = None
    cred = AchievementCredential.from_jsonld(data)
    assert cred.achievement.human_code is None
    assert cred.to_jsonld() == data


def test_generic_credential_for_other_types() -> None:
    data = _load(VECTORS / "1edtech-dc-public-validator/clr20/simple.json")
    cred = parse_credential(data)
    assert type(cred) is VerifiableCredential
    assert cred.to_jsonld() == data


def test_from_json_is_strict_json() -> None:
    text = (OB30 / "simple.json").read_text()
    assert AchievementCredential.from_json(text).to_jsonld() == json.loads(text)
    with pytest.raises(InvalidInputError):
        AchievementCredential.from_json('{"id": "a", "id": "b"}')


# --- errors ------------------------------------------------------------------------------------


def test_missing_achievement_name_path() -> None:
    data = _load(OB30 / "simple.json")
    del data["credentialSubject"]["achievement"]["name"]
    data["credentialSubject"]["achievement"]["description"] = 42
    with pytest.raises(ModelValidationError) as info:
        AchievementCredential.from_jsonld(data)
    err = info.value
    assert not isinstance(err, pydantic.ValidationError)
    assert err.code == "model_invalid"
    assert {p for p, _ in err.errors} == {
        "$.credentialSubject.achievement.name", "$.credentialSubject.achievement.description"}
    assert err.path in {p for p, _ in err.errors}
    assert "and 1 more" in str(err)


def test_error_path_of_a_single_value_has_no_index() -> None:
    data = _load(OB30 / "simple.json")
    proof = data["proof"][0] if isinstance(data["proof"], list) else data["proof"]
    data["proof"] = dict(proof, type=7)
    with pytest.raises(ModelValidationError) as info:
        AchievementCredential.from_jsonld(data)
    assert info.value.path == "$.proof.type"
    data["proof"] = [dict(proof), dict(proof, type=7)]
    with pytest.raises(ModelValidationError) as info:
        AchievementCredential.from_jsonld(data)
    assert info.value.path == "$.proof[1].type"


@pytest.mark.parametrize("mutate,path", [
    (lambda d: d.update(validFrom="tomorrow"), "$.validFrom"),
    (lambda d: d.update(issuer=5), "$.issuer"),
    (lambda d: d["issuer"].pop("id"), "$.issuer.id"),
    (lambda d: d.update(issuer="not a uri"), "$.issuer"),
    (lambda d: d.update({"@context": 5}), "$['@context']"),
    (lambda d: d.pop("validFrom"), "$"),
    (lambda d: d.update(type=["VerifiableCredential"]), "$.type"),
    (lambda d: d["credentialSubject"].update(creditsEarned=True),
     "$.credentialSubject.creditsEarned"),
    (lambda d: d["credentialSubject"]["achievement"].update(image={"id": "no"}),
     "$.credentialSubject.achievement.image.id"),
    (lambda d: d.update(credentialSubject=[]), "$.credentialSubject"),
    # Python gives a new Achievement a urn:uuid id; a document must carry its own
    (lambda d: d["credentialSubject"]["achievement"].pop("id"),
     "$.credentialSubject.achievement.id"),
    (lambda d: d["credentialSubject"]["achievement"].update(id=None),
     "$.credentialSubject.achievement.id"),
])
def test_error_paths(mutate: Any, path: str) -> None:
    data = _load(OB30 / "simple.json")
    mutate(data)
    with pytest.raises(ModelValidationError) as info:
        AchievementCredential.from_jsonld(data)
    assert info.value.path == path, info.value.errors


@pytest.mark.parametrize("value", [None, [], "text", 5, b"{}"])
def test_not_an_object(value: Any) -> None:
    with pytest.raises(ModelValidationError) as info:
        parse_credential(value)
    assert info.value.path == "$"
    with pytest.raises(ModelValidationError):
        AchievementCredential.from_jsonld(value)


def test_deep_input_refused_before_parsing() -> None:
    data = _load(OB30 / "simple.json")
    org: Any = {"id": "https://example.com/o", "type": ["Profile"]}
    for _ in range(3000):
        org = {"id": "https://example.com/o", "type": ["Profile"], "parentOrg": org}
    data["issuer"]["parentOrg"] = org
    with pytest.raises(ModelValidationError) as info:
        parse_credential(data)
    assert info.value.code == "model_too_deep"


def test_constructor_and_assignment_errors_are_ours() -> None:
    with pytest.raises(ModelValidationError) as info:
        Achievement(name=5, description="d", criteria=Criteria())  # type: ignore[arg-type]
    assert info.value.path == "$.name"
    cred = AchievementCredential.new(issuer=ISSUER, achievement=_achievement(),
                                     recipient="did:example:1")
    with pytest.raises(ModelValidationError) as info:
        cred.valid_from = "yesterday"
    assert info.value.path == "$.validFrom"
    cred.valid_from = datetime(2024, 1, 1, 12, 30, 15, 999, tzinfo=timezone.utc)  # type: ignore[assignment]
    assert cred.valid_from == "2024-01-01T12:30:15Z"


def test_public_names_have_docstrings() -> None:
    import openbadge_kit.identity
    import openbadge_kit.schema

    missing = []
    for module in (models, openbadge_kit.schema, openbadge_kit.identity):
        for name in getattr(module, "__all__", None) or dir(module):
            obj = getattr(module, name)
            if name.startswith("_") or getattr(obj, "__module__", None) is None:
                continue
            if not str(obj.__module__).startswith("openbadge_kit"):
                continue
            if callable(obj) and not (obj.__doc__ or "").strip():
                missing.append(f"{module.__name__}.{name}")
            for attr, member in vars(obj).items() if isinstance(obj, type) else ():
                if attr.startswith("_") or (not callable(member) and not isinstance(
                        member, (property, classmethod))):
                    continue
                if not (getattr(member, "__doc__", None) or "").strip():
                    missing.append(f"{module.__name__}.{name}.{attr}")
    assert missing == []


def test_docstring_examples() -> None:
    for module in (models.common, models.recipient, models.profile):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module.__name__


def test_a_null_where_the_model_has_a_default_is_refused_not_defaulted() -> None:
    # found by the round-trip fuzzer: "type": null came back as the default type
    import json
    from pathlib import Path

    from openbadge_kit.errors import ModelValidationError
    from openbadge_kit.models import parse_credential

    path = (Path(__file__).resolve().parents[1] / "vectors" / "1edtech-ob3-spec-test-vectors"
            / "obv3p0" / "unsigned.json")
    for where in ("credential", "image"):
        doc = json.loads(path.read_text())
        target = doc if where == "credential" else doc.setdefault(
            "image", {"id": "https://example.org/i.png", "type": "Image"})
        target["type"] = None
        try:
            parse_credential(doc)
        except ModelValidationError as exc:
            assert exc.path.endswith(".type"), exc.path
        else:
            raise AssertionError(f"a null type on the {where} was accepted")
