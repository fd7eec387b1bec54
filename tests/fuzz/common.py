"""Shared pieces of the fuzz tests: example budgets, counters and JSON mutations.

Every fuzz target exists twice: ``test_fuzz_*`` (marker ``fuzz``, ``make fuzz``, thousands
of random examples) and ``test_smoke_*`` (a few derandomized examples in ``make test``).
Examples are counted per target and printed at the end of the run (``conftest.py``).
``FUZZ_SCALE`` (default 1.0) multiplies the fuzz budgets, e.g. ``FUZZ_SCALE=0.1``.
"""

from __future__ import annotations

import copy
import os
from collections import Counter
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

#: examples run per target in this process (printed by conftest.py)
COUNTS: Counter[str] = Counter()
#: failures the fuzz targets found (should stay empty)
SCALE = float(os.environ.get("FUZZ_SCALE", "1.0"))
SMOKE_EXAMPLES = 20

_COMMON = {"deadline": None, "database": None,
           "suppress_health_check": list(HealthCheck)}


def fuzz_settings(examples: int) -> settings:
    """Settings of a long run: ``examples`` random examples (times ``FUZZ_SCALE``)."""
    return settings(max_examples=max(1, int(examples * SCALE)), **_COMMON)


def smoke_settings() -> settings:
    """Settings of the short, reproducible run in ``make test``."""
    return settings(max_examples=SMOKE_EXAMPLES, derandomize=True, **_COMMON)


def counted(name: str, body: Callable[..., None]) -> Callable[..., None]:
    """``body`` that counts each example it runs under ``name``."""
    def run(*args: Any, **kwargs: Any) -> None:
        COUNTS[name] += 1
        body(*args, **kwargs)

    return run


# --- JSON mutations ---------------------------------------------------------------------

KEYS = ["id", "type", "name", "@id", "@type", "@value", "@language", "@list", "@set",
        "@graph", "@context", "@index", "@reverse", "@included", "@nest", "@json", "@vocab",
        "@direction", "@base", "@protected", "issuer", "credentialSubject", "achievement",
        "validFrom", "validUntil", "description", "evidence", "endorsement", "proof",
        "credentialStatus", "alignment", "image", "narrative", "criteria", "sneaky",
        "http://ex.example/p", "_:b0", "ex:p", ""]
STRINGS = ["", "x", "urn:uuid:0e6b3c9a-1111-4d0e-9a55-1f0b3f1d2c09", "https://ex.example/a",
           "https://ex.example/a b", "relative/path", "_:b0", "_:b1", "@id", "@json",
           "Achievement", "Profile", "VerifiableCredential", "OpenBadgeCredential",
           "2026-01-01T00:00:00Z", "not a date", "en", "de-CH", "x\u0000y", "\u202e\ud7ff",
           "é✓名", "\\u0000", '"quoted"', "did:key:z6Mk", "file:///etc/passwd",
           "http://localhost/ctx", "https://www.w3.org/ns/credentials/v2",
           "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(STRINGS),
    st.text(max_size=12),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)),
    max_leaves=12,
)
contexts = st.one_of(
    st.sampled_from(STRINGS),
    st.dictionaries(st.sampled_from(KEYS), st.one_of(
        st.sampled_from(STRINGS),
        st.fixed_dictionaries({"@id": st.sampled_from(STRINGS)},
                              optional={"@type": st.sampled_from(["@id", "@vocab", "@json",
                                                                  "xsd:string", "@none"]),
                                        "@container": st.sampled_from(
                                            ["@list", "@set", "@language", "@index", "@graph",
                                             "@id", "@type"]),
                                        "@protected": st.booleans()})), max_size=3),
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            out.extend(_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out.extend(_paths(child, (*prefix, index)))
    return out


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


def mutate(doc: Any, data: st.DataObject, *, steps: int = 3) -> Any:
    """A copy of JSON ``doc`` with up to ``steps`` random edits drawn from ``data``."""
    doc = copy.deepcopy(doc)
    for _ in range(data.draw(st.integers(1, steps), label="edits")):
        paths = _paths(doc)
        path = data.draw(st.sampled_from(paths), label="path")
        target = _get(doc, path)
        op = data.draw(st.sampled_from(["replace", "insert", "delete", "wrap", "unwrap",
                                        "duplicate", "context", "string"]), label="op")
        if op == "replace" and path:
            _get(doc, path[:-1])[path[-1]] = data.draw(json_values, label="value")
        elif op == "insert" and isinstance(target, dict):
            target[data.draw(st.sampled_from(KEYS), label="key")] = data.draw(json_values)
        elif op == "insert" and isinstance(target, list):
            target.insert(data.draw(st.integers(0, len(target))), data.draw(json_values))
        elif op == "delete" and path:
            del _get(doc, path[:-1])[path[-1]]
        elif op == "wrap" and path:
            _get(doc, path[:-1])[path[-1]] = [target]
        elif op == "unwrap" and path and isinstance(target, list) and target:
            _get(doc, path[:-1])[path[-1]] = target[0]
        elif op == "duplicate" and isinstance(target, list) and target:
            target.append(copy.deepcopy(target[-1]))
        elif op == "context" and isinstance(target, dict):
            ctx = data.draw(contexts, label="context")
            old = target.get("@context")
            target["@context"] = ([*old, ctx] if isinstance(old, list) else
                                  [old, ctx] if old is not None else ctx)
        elif op == "string" and path and isinstance(target, str):
            edit = data.draw(st.sampled_from(["append", "prefix", "empty", "case"]))
            extra = data.draw(st.sampled_from(STRINGS))
            _get(doc, path[:-1])[path[-1]] = {
                "append": target + extra, "prefix": extra + target, "empty": "",
                "case": target.swapcase()}[edit]
    return doc
