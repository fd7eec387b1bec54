"""Pick one verification method out of a DID document or controller document.

A document lists its methods under ``verificationMethod`` (and legacy ``publicKey``) or embeds
them in a relationship (``assertionMethod: [{...}]``). Relative ids (``#key-1``) resolve
against the document ``id``. The method is chosen by its exact id, never as "the first key",
and the relationships whose lists name it are recorded so that a proof verifier can require
``assertionMethod``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import base58

from ..errors import InvalidInputError, KeyFormatError, ResolutionError
from .base import VerificationMethod
from .did import decode_multikey
from .ed25519 import public_key_from_bytes
from .jwk import public_key_from_jwk

if TYPE_CHECKING:
    from .base import PublicKey

#: verification relationships of DID Core / Controlled Identifiers
RELATIONSHIPS = ("assertionMethod", "authentication", "capabilityInvocation",
                 "capabilityDelegation", "keyAgreement")
#: verification method types whose key is read, and where
SUPPORTED_TYPES = ("Multikey", "Ed25519VerificationKey2020", "Ed25519VerificationKey2018",
                   "JsonWebKey", "JsonWebKey2020")
#: most methods examined in one document (bounded work on a hostile document)
MAX_METHODS = 256


def absolute_id(ref: str, document_id: str) -> str:
    """``ref`` made absolute against ``document_id`` (``#frag`` → ``<doc id>#frag``)."""
    if ref.startswith("#"):
        return document_id.split("#", 1)[0] + ref
    return ref


def is_controller_document(value: Any) -> bool:
    """Whether ``value`` looks like a DID/controller document (has an id and key listings)."""
    return (isinstance(value, dict) and isinstance(value.get("id"), str)
            and any(k in value for k in ("verificationMethod", "publicKey", *RELATIONSHIPS)))


def _iter_list(value: Any) -> list[Any]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    if len(items) > MAX_METHODS:
        raise ResolutionError(f"document lists more than {MAX_METHODS} verification methods")
    return items


def public_key_of_method(vm: dict[str, Any]) -> PublicKey:
    """The public key of a verification method object, per its ``type``; KeyFormatError."""
    vm_type = vm.get("type")
    if vm_type in ("Multikey", "Ed25519VerificationKey2020"):
        mb = vm.get("publicKeyMultibase")
        if not isinstance(mb, str):
            raise KeyFormatError(f"{vm_type} method has no publicKeyMultibase string")
        key = decode_multikey(mb)
        if vm_type == "Ed25519VerificationKey2020" and not mb.startswith("z6Mk"):
            raise KeyFormatError("Ed25519VerificationKey2020 must hold an Ed25519 key")
        return key
    if vm_type == "Ed25519VerificationKey2018":
        b58 = vm.get("publicKeyBase58")
        if not isinstance(b58, str) or len(b58) > 64:
            raise KeyFormatError("Ed25519VerificationKey2018 method has no publicKeyBase58")
        try:
            raw = base58.b58decode(b58.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            raise KeyFormatError("publicKeyBase58 is not valid base58") from None
        return public_key_from_bytes(raw)
    if vm_type in ("JsonWebKey", "JsonWebKey2020"):
        if "publicKeyJwk" not in vm:
            raise KeyFormatError(f"{vm_type} method has no publicKeyJwk")
        return public_key_from_jwk(vm["publicKeyJwk"])
    raise KeyFormatError(
        f"unsupported verification method type {str(vm_type)[:60]!r} "
        f"(supported: {', '.join(SUPPORTED_TYPES)})")


def method_from_document(document: Any, method_id: str) -> VerificationMethod:
    """The verification method ``method_id`` of ``document``; raises ResolutionError.

    ``method_id`` must be absolute; the document's own ``id`` must be the part of it before
    ``#`` (a document cannot vouch for another identifier's keys).
    """
    if not isinstance(document, dict) or not isinstance(document.get("id"), str):
        raise ResolutionError("the controller document has no string 'id'")
    doc_id: str = document["id"]
    base = method_id.split("#", 1)[0]
    if base != doc_id:
        raise ResolutionError(
            f"the document is for {doc_id!r}, not for {base!r} (named by {method_id!r})")
    found: dict[str, Any] | None = None
    relationships: set[str] = set()
    for source in ("verificationMethod", "publicKey", *RELATIONSHIPS):
        for entry in _iter_list(document.get(source)):
            if isinstance(entry, str):
                if source in RELATIONSHIPS and absolute_id(entry, doc_id) == method_id:
                    relationships.add(source)
                continue
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                continue
            if absolute_id(entry["id"], doc_id) != method_id:
                continue
            if source in RELATIONSHIPS:
                relationships.add(source)
            if found is not None and _strip(found) != _strip(entry):
                raise ResolutionError(
                    f"the document defines {method_id!r} twice, differently")
            found = entry
    if found is None:
        raise ResolutionError(f"the document {doc_id!r} has no verification method "
                              f"{method_id!r}")
    controller = found.get("controller")
    if not isinstance(controller, str) or not controller:
        raise ResolutionError(f"verification method {method_id!r} has no controller")
    try:
        key = public_key_of_method(found)
    except KeyFormatError as exc:
        raise ResolutionError(f"verification method {method_id!r}: {exc.message}") from None
    published = {k: v for k, v in found.items() if k != "@context"}
    return VerificationMethod(
        id=method_id, type=str(found["type"]), controller=absolute_id(controller, doc_id),
        public_key=key, relationships=frozenset(relationships), document=published)


def _strip(vm: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in vm.items() if k not in ("@context", "id")}


def listed_methods(document: Any, relationship: str = "assertionMethod"
                   ) -> list[VerificationMethod]:
    """Every usable method of ``document`` listed under ``relationship`` (others skipped)."""
    if not isinstance(document, dict) or not isinstance(document.get("id"), str):
        return []
    doc_id: str = document["id"]
    ids: dict[str, None] = {}
    for entry in _iter_list(document.get(relationship)):
        ref = entry if isinstance(entry, str) else (
            entry.get("id") if isinstance(entry, dict) else None)
        if isinstance(ref, str):
            ids[absolute_id(ref, doc_id)] = None
    out = []
    for method_id in ids:
        if method_id.split("#", 1)[0] != doc_id:
            continue
        try:
            out.append(method_from_document(document, method_id))
        except ResolutionError:
            continue
    return out


#: most ``*.json`` files read from one folder of documents
MAX_DOCUMENT_FILES = 10_000


def json_files(path: Path) -> list[Path]:
    """``path`` itself if a file, else every ``*.json`` under it (symlinked folders not followed).

    Raises :class:`InvalidInputError` when the path does not exist or holds more than
    :data:`MAX_DOCUMENT_FILES` files.
    """
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise InvalidInputError(f"{str(path)!r} does not exist")
    found: list[Path] = []
    for folder, _dirs, files in os.walk(path, followlinks=False):
        for name in files:
            if name.endswith(".json"):
                found.append(Path(folder) / name)
                if len(found) > MAX_DOCUMENT_FILES:
                    raise InvalidInputError(
                        f"{path} holds more than {MAX_DOCUMENT_FILES} JSON files")
    return sorted(found)
