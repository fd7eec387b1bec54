"""Issuer side: publish keys as a did:web DID document and as a JWK Set.

- :func:`did_web_document` / :func:`write_did_web`: the ``did.json`` of a did:web issuer that
  holds several keys (one per badge class is common). Ed25519 keys become ``Multikey``
  methods, RSA and P-256 keys ``JsonWebKey`` methods; every id is absolute and listed under
  ``assertionMethod`` (the 1EdTech validator wants the full id string there, NOTES 3.3).
- :func:`jwks_document` / :func:`write_jwks`: ``/.well-known/jwks.json`` plus one file per key
  holding that single JWK at its ``kid`` URL — the implementation guide asks for the JWKS, the
  1EdTech validator dereferences ``kid`` to a single JWK (NOTES 10.8), so both are written.

Only public key material is ever written; files are replaced atomically.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ed25519

from ..atomic import write_atomic
from ..errors import KeyFormatError
from .base import PublicKey, SigningKey
from .did_web import did_web_to_url
from .ed25519 import encode_multikey_public
from .fetch import url_origin
from .jwk import PRIVATE_MEMBERS, jwk_from_public_key

_DID_CONTEXT = "https://www.w3.org/ns/did/v1"
_MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
_JWK_CONTEXT = "https://w3id.org/security/jwk/v1"


def _public_jwk(key: SigningKey, kid: str | None) -> dict[str, Any]:
    jwk = jwk_from_public_key(key.public_key)
    jwk.update(alg=key.algorithm, use="sig")
    if kid:
        jwk["kid"] = kid
    if PRIVATE_MEMBERS & jwk.keys():  # defence in depth: never publish a private member
        raise KeyFormatError("refusing to publish a JWK with private members")
    return jwk


def controller_document(controller: str, keys: Mapping[str, SigningKey | PublicKey], *,
                        controller_name: str | None = None) -> dict[str, Any]:
    """The controller document of ``controller`` listing ``keys`` for assertionMethod.

    ``controller`` is a DID or an HTTPS URL (an issuer profile that publishes its keys,
    e.g. for the 1EdTech ``<issuer URL>#<publicKeyMultibase>`` convention); ``keys`` maps
    each method's fragment to a key pair or a bare public key, and each method id is
    ``<controller>#<fragment>``.
    Verifiers given this document (``did_documents=``) confirm the keys as the issuer's.
    """
    if not keys:
        raise KeyFormatError("a controller document needs at least one key")
    methods: list[dict[str, Any]] = []
    contexts = [_DID_CONTEXT]
    for fragment, key in keys.items():
        if not fragment or any(c in fragment for c in "#/?: "):
            raise KeyFormatError(f"invalid key fragment {fragment!r}")
        vm_id = f"{controller}#{fragment}"
        public = key if isinstance(key, PublicKey) else key.public_key
        if isinstance(public, ed25519.Ed25519PublicKey):
            methods.append({"id": vm_id, "type": "Multikey", "controller": controller,
                            "publicKeyMultibase": encode_multikey_public(
                                public.public_bytes_raw())})
            ctx = _MULTIKEY_CONTEXT
        else:
            jwk = jwk_from_public_key(public)
            methods.append({"id": vm_id, "type": "JsonWebKey", "controller": controller,
                            "publicKeyJwk": jwk})
            ctx = _JWK_CONTEXT
        if ctx not in contexts:
            contexts.append(ctx)
    doc: dict[str, Any] = {"@context": contexts, "id": controller}
    if controller_name:
        doc["name"] = controller_name
    doc["verificationMethod"] = methods
    doc["assertionMethod"] = [m["id"] for m in methods]
    return doc


def did_web_document(did: str, keys: Mapping[str, SigningKey | PublicKey], *,
                     controller_name: str | None = None) -> dict[str, Any]:
    """The DID document of ``did`` listing ``keys`` (fragment -> key) for assertionMethod.

    Each method id is ``<did>#<fragment>``. ``controller_name`` adds an optional ``name``.
    """
    did_web_to_url(did)  # validates the DID
    return controller_document(did, keys, controller_name=controller_name)


def _write_json(path: Path, value: Any) -> Path:
    # public documents, served by a web server: world-readable
    text = json.dumps(value, indent=2, ensure_ascii=False) + "\n"
    return write_atomic(path, text, mode=0o644, make_parents=True)


def did_web_path(did: str) -> Path:
    """Where ``did``'s document goes under a web root (``.well-known/did.json`` or similar)."""
    url = did_web_to_url(did)
    return Path(url.split("/", 3)[3])


def write_did_web(web_root: str | os.PathLike[str], did: str, keys: Mapping[str, SigningKey],
                  *, controller_name: str | None = None) -> Path:
    """Write ``did``'s DID document under ``web_root`` at the path its URL maps to."""
    doc = did_web_document(did, keys, controller_name=controller_name)
    return _write_json(Path(web_root) / did_web_path(did), doc)


def jwks_document(keys: Mapping[str, SigningKey]) -> dict[str, Any]:
    """A JWK Set of ``keys`` (kid -> key); each JWK carries ``kid``, ``alg`` and ``use``."""
    return {"keys": [_public_jwk(key, kid) for kid, key in keys.items()]}


def write_jwks(web_root: str | os.PathLike[str], origin: str,
               keys: Mapping[str, SigningKey], *, folder: str = "keys") -> dict[str, Path]:
    """Publish ``keys`` (name -> key) for VC-JWT ``kid`` URLs; returns ``{kid URL: file}``.

    Writes ``<web_root>/<folder>/<name>.json`` (the single JWK its kid URL
    ``<origin>/<folder>/<name>.json`` dereferences to) and ``<web_root>/.well-known/jwks.json``
    listing them all. Give each key ``key_id`` = its kid URL when signing.
    """
    base = url_origin(origin)
    if base is None or not base.startswith("https://"):
        raise KeyFormatError(f"the JWKS origin must be an https URL, not {origin!r}")
    written: dict[str, Path] = {}
    listed: dict[str, SigningKey] = {}
    for name, key in keys.items():
        if not name or any(c in name for c in "#/?: \\") or name.startswith("."):
            raise KeyFormatError(f"invalid key name {name!r}")
        kid = f"{base}/{folder}/{name}.json"
        written[kid] = _write_json(Path(web_root) / folder / f"{name}.json",
                                   _public_jwk(key, kid))
        listed[kid] = key
    written[f"{base}/.well-known/jwks.json"] = _write_json(
        Path(web_root) / ".well-known" / "jwks.json", jwks_document(listed))
    return written
