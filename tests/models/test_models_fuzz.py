"""Property tests: any JSON put anywhere in a credential either round-trips or is refused
with ModelValidationError; nothing else ever escapes parse_credential."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openbadge_kit.errors import ModelValidationError
from openbadge_kit.models import parse_credential

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
SEEDS = [
    json.loads((VECTORS / p).read_text(encoding="utf-8"))
    for p in (
        "spec-examples/spec/ob-complete-openbadgecredential.json",
        "1edtech-dc-public-validator/ob30/simple.json",
        "spec-examples/spec/ob-endorsementcredential.json",
        "1edtech-dc-public-validator/clr20/simple.json",
    )
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=20) | st.sampled_from(["https://example.org/x", "urn:uuid:1", "Profile",
                                             "2024-01-01T00:00:00Z", "Image"]),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.sampled_from(["id", "type", "name", "x", "@context"]), children,
                      max_size=3),
    max_leaves=8,
)


def _containers(value: Any, out: list[Any]) -> list[Any]:
    if isinstance(value, dict):
        out.append(value)
        for child in value.values():
            _containers(child, out)
    elif isinstance(value, list):
        out.append(value)
        for child in value:
            _containers(child, out)
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.sampled_from(range(len(SEEDS))), where=st.integers(min_value=0),
       key=st.sampled_from(["id", "type", "name", "issuer", "credentialSubject", "achievement",
                            "proof", "validFrom", "identifier", "result", "image", "hashed",
                            "@context", "criteria", "extra"]),
       value=json_values, delete=st.booleans())
def test_any_edit_round_trips_or_is_refused(seed: int, where: int, key: str, value: Any,
                                            delete: bool) -> None:
    data = copy.deepcopy(SEEDS[seed])
    containers = _containers(data, [])
    target = containers[where % len(containers)]
    if isinstance(target, dict):
        if delete:
            target.pop(key, None)
        else:
            target[key] = value
    elif target:
        target[where % len(target)] = value
    try:
        model = parse_credential(data)
    except ModelValidationError as exc:
        assert exc.path.startswith("$")
        assert exc.errors and all(p.startswith("$") for p, _ in exc.errors)
        return
    assert json.dumps(model.to_jsonld()) == json.dumps(data)
