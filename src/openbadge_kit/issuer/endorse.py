"""What an endorsement is about: an Achievement, a Profile, or anything with an id.

:meth:`openbadge_kit.issuer.Issuer.endorse` issues the EndorsementCredential; this module
works out its subject (the endorsed thing's id) and a label for the default name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import ModelValidationError
from .credential import as_json, is_uri


def endorsement_subject(subject: Mapping[str, Any] | str | Any) -> tuple[str, str]:
    """``(id, label)`` of the endorsed Achievement, Profile or credential.

    A string is taken as the id itself.  An object must carry an absolute URI ``id``;
    its ``name`` (if any) becomes the label.
    """
    if isinstance(subject, str):
        if not is_uri(subject):
            raise ModelValidationError("the endorsed thing needs an absolute URI id",
                                       path="$.credentialSubject.id")
        return subject, subject
    obj = as_json(subject, "endorsed object")
    subject_id = obj.get("id")
    if not isinstance(subject_id, str) or not is_uri(subject_id):
        raise ModelValidationError("the endorsed object needs an absolute URI id",
                                   path="$.credentialSubject.id")
    name = obj.get("name")
    return subject_id, name if isinstance(name, str) and name.strip() else subject_id
