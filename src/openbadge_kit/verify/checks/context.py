"""Check 2b, ``@context``: present, in the order OB 3.0 requires (NOTES 1.3).

Position 0 is the VC context (v2, or v1 for VC 1.1 credentials, which get a warning as
OB 3.0 drafts); for Open Badges position 1 is an OB 3.0 context.  Older OB context URLs
(``context.json``, the 2022 draft ``context/ob_v3p0.jsonld``) are accepted as aliases
with a warning.  Whether every term is defined is the proof's JSON-LD safe mode's job.
"""

from __future__ import annotations

import re

from ..report import CheckStatus
from ..state import VerifyState
from .parse import VC1_CONTEXT, VC2_CONTEXT, as_list

CHECK = "context"

OB_CONTEXT = re.compile(r"^https://purl\.imsglobal\.org/spec/ob/v3p0/context(-3\.\d\.\d)*\.json$")
OB_ALIASES = frozenset({
    "https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld",
})
#: OB 3.0.0's unversioned URL matches the pattern but predates the errata
OB_3_0_0 = "https://purl.imsglobal.org/spec/ob/v3p0/context.json"


def check_context(state: VerifyState) -> None:
    """Report whether ``@context`` is present and ordered as OB 3.0 requires."""
    credential = state.credential or {}
    report = state.report
    raw = credential.get("@context")
    if raw is None:
        report.add(CHECK, CheckStatus.FAILED, "context.missing",
                   "the credential has no @context")
        return
    context = as_list(raw)
    if not all(isinstance(c, (str, dict)) for c in context) or not context:
        report.add(CHECK, CheckStatus.FAILED, "context.malformed",
                   "@context must hold context URLs (and inline context objects)")
        return
    if context[0] not in (VC1_CONTEXT, VC2_CONTEXT):
        report.add(CHECK, CheckStatus.FAILED, "context.vc_not_first",
                   f"the first @context must be {VC2_CONTEXT} (or {VC1_CONTEXT}), "
                   f"not {str(context[0])[:100]!r}")
        return
    warned = False
    if state.kind in ("achievement", "endorsement"):
        second = context[1] if len(context) > 1 else None
        if not isinstance(second, str) or not (OB_CONTEXT.match(second)
                                               or second in OB_ALIASES):
            report.add(CHECK, CheckStatus.FAILED, "context.ob_not_second",
                       "the second @context must be the Open Badges 3.0 context "
                       "(https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json)",
                       found=str(second)[:200] if second is not None else None)
            return
        if second in OB_ALIASES or second == OB_3_0_0:
            report.add(CHECK, CheckStatus.WARNING, "context.ob_alias",
                       f"uses an early Open Badges 3.0 context URL ({second}); "
                       "current issuers use context-3.0.3.json", context=second)
            warned = True
    if context[0] == VC1_CONTEXT:
        report.add(CHECK, CheckStatus.WARNING, "context.vc_1_1",
                   "built on Verifiable Credentials 1.1 (an Open Badges 3.0 draft shape); "
                   "OB 3.0 Final uses VC 2.0")
        warned = True
    if not warned:
        report.add(CHECK, CheckStatus.PASSED, "context.ok", "@context present and in order")
