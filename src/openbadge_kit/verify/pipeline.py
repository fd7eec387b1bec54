"""Runs the checks in order on one credential; nothing escapes it.

The order is the spec's (NOTES 5.1-5.3): input, parse and type, context, JSON Schema,
subject, proof, validity window, status, endorsements, issuer, refresh, recipient.
Every check is called inside a guard: an unexpected exception becomes a failed result
with code ``internal.unexpected_error`` naming the exception type, and the run goes on
(or stops, when the check that broke was one the others depend on).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .checks.context import check_context
from .checks.endorsements import check_endorsements
from .checks.input import check_input
from .checks.issuer import check_issuer
from .checks.parse import check_parse
from .checks.proof import check_proof
from .checks.recipient import check_recipient
from .checks.refresh import check_refresh
from .checks.schema import check_schema
from .checks.status import check_status
from .checks.subject import check_subject
from .checks.validity import check_validity
from .options import VerifyOptions
from .report import CheckStatus, VerificationReport
from .state import EndorsementBudget, VerifyState

Check = Callable[[VerifyState], None]

#: (check name, function), in the order they run
PIPELINE: tuple[tuple[str, Check], ...] = (
    ("input", check_input),
    ("parse", check_parse),
    ("context", check_context),
    ("schema", check_schema),
    ("subject", check_subject),
    ("proof", check_proof),
    ("validity", check_validity),
    ("status", check_status),
    ("endorsements", check_endorsements),
    ("issuer", check_issuer),
    ("refresh", check_refresh),
    ("recipient", check_recipient),
)
#: checks whose failure leaves nothing for the others to look at
FATAL = frozenset({"input", "parse"})


def run_checks(state: VerifyState,
               pipeline: tuple[tuple[str, Check], ...] | None = None) -> None:
    """Run ``pipeline`` (default :data:`PIPELINE`) on ``state``; nothing escapes."""
    for name, check in PIPELINE if pipeline is None else pipeline:
        if state.stop:
            break
        try:
            check(state)
        except Exception as exc:  # the promise: verification never raises
            state.report.add(
                name, CheckStatus.FAILED, "internal.unexpected_error",
                f"internal error in the {name} check ({type(exc).__name__}); the credential "
                "could not be fully verified", exception=type(exc).__name__)
            if name in FATAL:
                state.stop = True


def verify_state(source: Any, options: VerifyOptions, *, depth: int = 0,
                 ancestors: tuple[str, ...] = (), budget: EndorsementBudget | None = None,
                 label: str | None = None) -> VerifyState:
    """Verify one credential and return its finished state (report included).

    ``label`` names the source in the report (a file path, or an endorsement's JSON
    path); ``depth``, ``ancestors`` and ``budget`` carry endorsement recursion.
    """
    report = VerificationReport(source=label, checked_at=options.now)
    state = VerifyState(source=source, options=options, report=report, depth=depth,
                        ancestors=ancestors, budget=budget or EndorsementBudget())
    run_checks(state)
    report.credential = state.credential
    return state
