"""openbadge_kit: issue, sign, bake and verify Open Badges 3.0 credentials, offline.

The public API is the names in ``__all__``; they are imported lazily so that a cold
``openbadge verify`` does not pay for modules it does not use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import OpenBadgeError

__version__ = "0.1.0"

#: public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "Limits": "openbadge_kit.limits",
    "DEFAULT_LIMITS": "openbadge_kit.limits",
    "VerificationReport": "openbadge_kit.verify.report",
    "CheckResult": "openbadge_kit.verify.report",
    "CheckStatus": "openbadge_kit.verify.report",
    "verify": "openbadge_kit.verify.api",
    "verify_many": "openbadge_kit.verify.api",
    "bake": "openbadge_kit.bake",
    "unbake": "openbadge_kit.bake",
    "Extracted": "openbadge_kit.bake",
    # data model, schema validation, recipient identities
    "Achievement": "openbadge_kit.models",
    "AchievementCredential": "openbadge_kit.models",
    "AchievementSubject": "openbadge_kit.models",
    "Alignment": "openbadge_kit.models",
    "Criteria": "openbadge_kit.models",
    "EndorsementCredential": "openbadge_kit.models",
    "Evidence": "openbadge_kit.models",
    "IdentityObject": "openbadge_kit.models",
    "Image": "openbadge_kit.models",
    "OpenBadgeCredential": "openbadge_kit.models",
    "Profile": "openbadge_kit.models",
    "Result": "openbadge_kit.models",
    "ResultDescription": "openbadge_kit.models",
    "new_id": "openbadge_kit.models",
    "parse_credential": "openbadge_kit.models",
    "validate_schema": "openbadge_kit.schema",
    "assert_valid": "openbadge_kit.schema",
    "SchemaIssue": "openbadge_kit.schema",
    "hash_identity": "openbadge_kit.identity",
    "identity_matches": "openbadge_kit.identity",
    # keys and key discovery
    "Ed25519KeyPair": "openbadge_kit.keys.ed25519",
    "RsaKeyPair": "openbadge_kit.keys.jose_keys",
    "P256KeyPair": "openbadge_kit.keys.jose_keys",
    "load_key": "openbadge_kit.keys.keyfile",
    "save_key": "openbadge_kit.keys.keyfile",
    "default_resolver": "openbadge_kit.keys.resolvers",
    # embedded proofs
    "sign": "openbadge_kit.proofs.data_integrity",
    "verify_proofs": "openbadge_kit.proofs.data_integrity",
    # issuing, status lists and stacking
    "Issuer": "openbadge_kit.issuer",
    "IssueRequest": "openbadge_kit.issuer",
    "IssuedCredential": "openbadge_kit.issuer",
    "open_registry": "openbadge_kit.issuer",
    "Stack": "openbadge_kit.stacking",
    "ChildRule": "openbadge_kit.stacking",
    "ExtraRequirement": "openbadge_kit.stacking",
    "evaluate": "openbadge_kit.stacking",
    "issue_parent": "openbadge_kit.stacking",
    # people-facing: display page, LinkedIn link, award e-mail
    "render_html": "openbadge_kit.render",
    "linkedin_add_to_profile_url": "openbadge_kit.render",
    "compose_award_message": "openbadge_kit.notify",
}

__all__ = ["OpenBadgeError", "__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'openbadge_kit' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # pragma: no cover
    from .bake import Extracted, bake, unbake
    from .identity import hash_identity, identity_matches
    from .issuer import IssuedCredential, Issuer, IssueRequest, open_registry
    from .keys.ed25519 import Ed25519KeyPair
    from .keys.jose_keys import P256KeyPair, RsaKeyPair
    from .keys.keyfile import load_key, save_key
    from .keys.resolvers import default_resolver
    from .limits import DEFAULT_LIMITS, Limits
    from .models import (
        Achievement,
        AchievementCredential,
        AchievementSubject,
        Alignment,
        Criteria,
        EndorsementCredential,
        Evidence,
        IdentityObject,
        Image,
        OpenBadgeCredential,
        Profile,
        Result,
        ResultDescription,
        new_id,
        parse_credential,
    )
    from .notify import compose_award_message
    from .proofs.data_integrity import sign, verify_proofs
    from .render import linkedin_add_to_profile_url, render_html
    from .schema import SchemaIssue, assert_valid, validate_schema
    from .stacking import ChildRule, ExtraRequirement, Stack, evaluate, issue_parent
    from .verify.api import verify, verify_many
    from .verify.report import CheckResult, CheckStatus, VerificationReport
