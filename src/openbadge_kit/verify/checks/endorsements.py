"""Check 7, endorsements: every embedded endorsement, verified like a credential.

``endorsement`` (EndorsementCredential objects) and ``endorsementJwt`` (VC-JWTs) are
collected wherever they occur in the credential: on the credential itself, its
achievement, the issuer profile and any other profile (NOTES 5.1 step 6).  Each is
verified by the same pipeline, its report nested under ``report.endorsements``.  Work
is bounded: ``limits.max_endorsement_depth`` levels and ``limits.max_endorsements`` in
total per top-level report; an endorsement whose id repeats one of its ancestors' is a
loop and fails.  One summary result tells whether all of them verified.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..report import CheckStatus
from ..state import VerifyState
from .input import looks_like_jwt
from .parse import as_list

CHECK = "endorsements"
FIELDS = ("endorsement", "endorsementJwt")


def find_endorsements(credential: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """``(JSON path, endorsement)`` for every endorsement in ``credential``.

    Endorsements inside endorsements are not listed: they belong to the nested report.
    """
    stack: list[tuple[str, Any]] = [("$", credential)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key in FIELDS:
                    for i, item in enumerate(as_list(value)):
                        yield f"{path}.{key}[{i}]", item
                elif key != "proof":
                    stack.append((f"{path}.{key}", value))
        elif isinstance(node, list):
            stack.extend((f"{path}[{i}]", v) for i, v in reversed(list(enumerate(node))))


def _well_formed(path: str, value: Any) -> bool:
    """An ``endorsement`` must be an object and an ``endorsementJwt`` a compact JWS.

    Anything else is refused before verification: a string must never be taken for a
    file path, since the credential, not the caller, chose it.
    """
    if ".endorsementJwt[" in path:
        return isinstance(value, str) and looks_like_jwt(value)
    return isinstance(value, dict)


def _own_id(value: Any) -> str | None:
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return str(value["id"])
    return None


def check_endorsements(state: VerifyState) -> None:
    """Verify each endorsement recursively and summarize."""
    from ..pipeline import verify_state

    credential = state.credential or {}
    found = list(find_endorsements(credential))
    if not found:
        return
    limits = state.options.limits
    report = state.report
    if state.depth >= limits.max_endorsement_depth:
        report.add(CHECK, CheckStatus.NOT_CHECKED, "endorsements.depth_limit",
                   f"{len(found)} endorsement(s) at nesting depth {state.depth + 1} were not "
                   f"verified (limit {limits.max_endorsement_depth})", count=len(found))
        return
    me = _own_id(credential)
    ancestors = (*state.ancestors, me) if me else state.ancestors
    failed: list[str] = []
    loops: list[str] = []
    malformed = [path for path, value in found if not _well_formed(path, value)]
    found = [(path, value) for path, value in found if _well_formed(path, value)]
    checked = skipped = 0
    for path, value in found:
        if state.budget.used >= limits.max_endorsements:
            skipped += 1
            continue
        if (eid := _own_id(value)) is not None and eid in ancestors:
            loops.append(path)
            continue
        state.budget.used += 1
        child = verify_state(value, state.options, depth=state.depth + 1,
                             ancestors=ancestors, budget=state.budget, label=path)
        report.endorsements.append(child.report)
        checked += 1
        if not child.report.verified:
            failed.append(path)
    if malformed:
        report.add(CHECK, CheckStatus.FAILED, "endorsements.malformed",
                   f"{len(malformed)} endorsement(s) are neither a credential object "
                   "(endorsement) nor a compact JWS (endorsementJwt)", paths=malformed[:20])
    if loops:
        report.add(CHECK, CheckStatus.FAILED, "endorsements.loop",
                   f"{len(loops)} endorsement(s) repeat the id of a credential they sit in "
                   "(an endorsement loop)", paths=loops[:20])
    if failed:
        report.add(CHECK, CheckStatus.FAILED, "endorsements.invalid",
                   f"{len(failed)} of {checked} endorsement(s) did not verify",
                   paths=failed[:20])
    elif checked:
        report.add(CHECK, CheckStatus.PASSED, "endorsements.ok",
                   f"{checked} endorsement(s) verified")
    if skipped:
        report.add(CHECK, CheckStatus.NOT_CHECKED, "endorsements.limit",
                   f"{skipped} endorsement(s) were not verified (limit of "
                   f"{limits.max_endorsements} per report)", count=skipped)
