"""The key file: one private key in a small JSON document, readable only by its owner.

Format (``"type": "openbadge_kit/key"``, ``"version": 1``)::

    {"type": "openbadge_kit/key", "version": 1, "keyType": "Ed25519" | "RSA" | "P-256",
     "id": "<key id, optional>", "controller": "<controller, optional>",
     "publicKeyJwk": {...},
     "publicKeyMultibase": "z6Mk...", "secretKeyMultibase": "z3u2...",   # Ed25519
     "privateKeyJwk": {...}}                                              # RSA, P-256

:func:`save_key` writes the file atomically with mode 0600 from the first byte (a temporary
file created 0600 in the same folder, then ``os.replace``) and refuses to overwrite unless
asked. :func:`load_key` also reads the key pair files of the W3C and 1EdTech vectors
(``secretKeyMultibase`` / ``privateKeyMultibase``, ``privateKeyJwk``) and PEM private keys,
checks that public and private halves agree, and warns when the file is readable by group or
others. No error message or ``repr`` ever contains key material.
"""

from __future__ import annotations

import json
import os
import stat
import warnings
from pathlib import Path
from typing import Any

from ..atomic import write_atomic
from ..errors import InvalidInputError, KeyFormatError
from ..safejson import loads
from .ed25519 import Ed25519KeyPair
from .jose_keys import KeyPair, P256KeyPair, RsaKeyPair, key_pair_from_jwk, key_pair_from_pem

#: the ``type`` of a key file
KEY_FILE_TYPE = "openbadge_kit/key"
#: largest key file read, in bytes
MAX_KEY_FILE_BYTES = 64 * 1024


class KeyFilePermissionWarning(UserWarning):
    """A key file that group or others can read."""


def key_to_document(key: KeyPair, *, key_id: str | None = None,
                    controller: str | None = None) -> dict[str, Any]:
    """The key file document of ``key`` (contains the private key)."""
    kid = key_id if key_id is not None else key.key_id
    ctrl = controller if controller is not None else key.controller
    doc: dict[str, Any] = {"type": KEY_FILE_TYPE, "version": 1, "keyType": key.key_type}
    if kid:
        doc["id"] = kid
    if ctrl:
        doc["controller"] = ctrl
    doc["publicKeyJwk"] = key.to_jwk()
    if isinstance(key, Ed25519KeyPair):
        doc["publicKeyMultibase"] = key.public_multikey
        doc["did"] = key.did_key
        doc["secretKeyMultibase"] = key.secret_multikey
    else:
        doc["privateKeyJwk"] = key.to_jwk(private=True)
    return doc


def save_key(path: str | os.PathLike[str], key: KeyPair, *, key_id: str | None = None,
             controller: str | None = None, overwrite: bool = False) -> Path:
    """Write ``key`` to ``path`` as a key file, mode 0600, atomically; returns the path.

    Raises :class:`KeyFormatError` (code ``key_file_exists``) when the file exists and
    ``overwrite`` is false, so a key is never lost by accident.
    """
    target = Path(path)
    if target.exists() and not overwrite:
        raise KeyFormatError(f"key file {target} already exists; not overwriting it",
                             code="key_file_exists")
    data = (json.dumps(key_to_document(key, key_id=key_id, controller=controller), indent=2)
            + "\n").encode("utf-8")
    try:
        # 0600 from the first byte: the temporary file is created private
        write_atomic(target, data, mode=0o600, exclusive=not overwrite)
    except FileExistsError:
        raise KeyFormatError(f"key file {target} already exists; not overwriting it",
                             code="key_file_exists") from None
    return target


def _warn_if_exposed(path: Path) -> None:
    if os.name != "posix":
        return
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        warnings.warn(
            f"key file {path} is accessible by group or others (mode {stat.S_IMODE(mode):04o});"
            f" run: chmod 600 {path}", KeyFilePermissionWarning, stacklevel=3)


def _opt(doc: dict[str, Any], name: str) -> str | None:
    value = doc.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise KeyFormatError(f"key file member {name!r} must be a string")
    return value


def key_from_document(doc: Any) -> KeyPair:
    """The key pair of a key file document (or a vector-style key pair document)."""
    if not isinstance(doc, dict):
        raise KeyFormatError("a key file must hold a JSON object")
    if doc.get("type") == KEY_FILE_TYPE and doc.get("version") != 1:
        raise KeyFormatError(f"unsupported key file version {doc.get('version')!r}")
    key_id, controller = _opt(doc, "id"), _opt(doc, "controller")
    secret = doc.get("secretKeyMultibase", doc.get("privateKeyMultibase"))
    pair: KeyPair
    if isinstance(secret, str):
        pair = Ed25519KeyPair.from_multikey(secret, key_id=key_id, controller=controller)
        public_mb = doc.get("publicKeyMultibase")
        if public_mb is not None and public_mb != pair.public_multikey:
            raise KeyFormatError("the key file's publicKeyMultibase does not match its "
                                 "secret key")
    elif isinstance(doc.get("privateKeyJwk"), dict):
        pair = key_pair_from_jwk(doc["privateKeyJwk"], key_id=key_id, controller=controller)
    elif isinstance(doc.get("d"), str):  # a bare private JWK
        pair = key_pair_from_jwk(doc, key_id=key_id or _opt(doc, "kid"), controller=controller)
    else:
        raise KeyFormatError("no private key found (expected secretKeyMultibase, "
                             "privateKeyMultibase or privateKeyJwk)")
    public_jwk = doc.get("publicKeyJwk")
    if isinstance(public_jwk, dict):
        mine = pair.to_jwk()
        if any(public_jwk.get(k) != v for k, v in mine.items()):
            raise KeyFormatError("the key file's publicKeyJwk does not match its private key")
    declared = doc.get("keyType")
    if declared is not None and declared != pair.key_type:
        raise KeyFormatError(f"the key file says keyType {declared!r} but holds a "
                             f"{pair.key_type} key")
    return pair


def load_key(path: str | os.PathLike[str], *, password: bytes | None = None) -> KeyPair:
    """Read a key file (JSON, or a PEM private key); warns when others can read it.

    Raises :class:`KeyFormatError` for unusable content and :class:`InvalidInputError` when
    the file cannot be read; neither message contains key material.
    """
    source = Path(path)
    try:
        with source.open("rb") as fh:
            data = fh.read(MAX_KEY_FILE_BYTES + 1)
    except OSError as exc:
        raise InvalidInputError(f"cannot read key file {source}: {exc.strerror}",
                                code="key_file_unreadable") from None
    if len(data) > MAX_KEY_FILE_BYTES:
        raise KeyFormatError(f"key file {source} is too large to be a key file")
    _warn_if_exposed(source)
    if data.lstrip().startswith(b"-----BEGIN"):
        try:
            return key_pair_from_pem(data, password=password)
        except KeyFormatError as exc:
            raise KeyFormatError(f"key file {source}: {exc.message}") from None
    try:
        doc = loads(data)
        return key_from_document(doc)
    except (KeyFormatError, InvalidInputError) as exc:
        raise KeyFormatError(f"key file {source}: {exc.message}") from None


__all__ = [
    "KEY_FILE_TYPE",
    "KeyFilePermissionWarning",
    "KeyPair",
    "P256KeyPair",
    "RsaKeyPair",
    "key_from_document",
    "key_to_document",
    "load_key",
    "save_key",
]
