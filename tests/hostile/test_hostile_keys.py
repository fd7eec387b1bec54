"""Key files under stress: interrupted writes, exposed modes, hostile contents, leaks.

Complements ``tests/keys/test_keyfile.py`` (0600 round trip, loose umask, no silent
overwrite, a 0644 warning, clear errors) with what issue #8 also asks: the write is atomic
even when it fails half-way, group-readable and symlinked files warn too, hostile key files
are refused quickly with our own error, and no secret reaches a repr, an error message or
its traceback, for all three key types.
"""

from __future__ import annotations

import json
import os
import stat
import time
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from openbadge_kit.errors import KeyFormatError, OpenBadgeError
from openbadge_kit.keys import keyfile
from openbadge_kit.keys.ed25519 import Ed25519KeyPair
from openbadge_kit.keys.jose_keys import P256KeyPair, RsaKeyPair
from openbadge_kit.keys.keyfile import KeyFilePermissionWarning, load_key, save_key

MAKERS: list[Callable[[], Any]] = [Ed25519KeyPair.generate, RsaKeyPair.generate,
                                   P256KeyPair.generate]


def _secrets(key: Any) -> list[str]:
    """Text forms of ``key``'s private half that must never be shown."""
    if isinstance(key, Ed25519KeyPair):
        return [key.secret_multikey, key.secret_multikey[4:24]]
    private = key.to_jwk(private=True)
    return [private["d"], private["d"][:20]]


def test_a_write_that_fails_half_way_leaves_the_old_key_and_no_temp_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = Ed25519KeyPair.generate(), Ed25519KeyPair.generate()
    path = save_key(tmp_path / "k.json", old)

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(keyfile.os, "fsync", disk_full)
    with pytest.raises(OSError):
        save_key(path, new, overwrite=True)
    monkeypatch.undo()
    assert load_key(path) == old
    assert [p.name for p in tmp_path.iterdir()] == ["k.json"]


def test_the_temporary_file_is_0600_before_any_byte_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    modes: list[int] = []
    real_fdopen = os.fdopen

    def spy(fd: int, *args: Any, **kwargs: Any) -> Any:
        modes.append(stat.S_IMODE(os.fstat(fd).st_mode))
        return real_fdopen(fd, *args, **kwargs)

    old_umask = os.umask(0)
    monkeypatch.setattr(keyfile.os, "fdopen", spy)
    try:
        save_key(tmp_path / "k.json", Ed25519KeyPair.generate())
    finally:
        os.umask(old_umask)
    assert modes == [0o600]


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660, 0o620, 0o601])
def test_any_group_or_other_access_warns(tmp_path: Path, mode: int) -> None:
    path = save_key(tmp_path / "k.json", Ed25519KeyPair.generate())
    path.chmod(mode)
    with pytest.warns(KeyFilePermissionWarning):
        load_key(path)


def test_a_private_key_file_does_not_warn(tmp_path: Path) -> None:
    path = save_key(tmp_path / "k.json", Ed25519KeyPair.generate())
    for mode in (0o600, 0o400):
        path.chmod(mode)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            load_key(path)


def test_a_symlink_to_an_exposed_key_file_warns(tmp_path: Path) -> None:
    target = save_key(tmp_path / "k.json", Ed25519KeyPair.generate())
    target.chmod(0o644)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    with pytest.warns(KeyFilePermissionWarning):
        load_key(link)


HOSTILE_FILES = {
    "depth bomb": b"[" * 100_000 + b"]" * 100_000,
    "duplicate secret": b'{"secretKeyMultibase": "a", "secretKeyMultibase": "b"}',
    "NaN": b'{"version": NaN}',
    "binary": bytes(range(256)) * 4,
    "too large": b'{"x": "' + b"A" * (keyfile.MAX_KEY_FILE_BYTES + 10) + b'"}',
    "array": b"[1, 2, 3]",
    "bad PEM": b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    "wrong types": b'{"secretKeyMultibase": 7, "privateKeyJwk": "x", "id": []}',
    "jwk without d": b'{"privateKeyJwk": {"kty": "OKP", "crv": "Ed25519", "x": "AAAA"}}',
    "oct jwk": b'{"privateKeyJwk": {"kty": "oct", "k": "c2VjcmV0"}}',
    "rsa 512": b'{"privateKeyJwk": {"kty": "RSA", "n": "AQAB", "e": "AQAB", "d": "AQAB"}}',
}


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_hostile_key_files_are_key_format_errors(tmp_path: Path, name: str,
                                                 socket_log: list[Any]) -> None:
    path = tmp_path / "k.json"
    path.write_bytes(HOSTILE_FILES[name])
    path.chmod(0o600)
    start = time.perf_counter()
    with pytest.raises(KeyFormatError) as info:
        load_key(path)
    assert time.perf_counter() - start < 1.0
    assert str(path) in str(info.value)
    assert socket_log == []


@pytest.mark.parametrize("make", MAKERS)
def test_no_secret_in_reprs_errors_or_tracebacks(tmp_path: Path, make: Any) -> None:
    key = make()
    secrets = _secrets(key)
    shown = [repr(key), str(key), f"{key}", repr([key]), repr({"key": key})]
    from openbadge_kit import Issuer

    issuer = Issuer({"id": "did:example:issuer", "type": ["Profile"], "name": "x"}, key,
                    verification_method="did:example:issuer#k1",
                    proof_format="eddsa-rdfc-2022" if isinstance(key, Ed25519KeyPair)
                    else "vc-jwt")
    shown.append(repr(issuer))
    # a key file whose public half disagrees with its private half
    doc = keyfile.key_to_document(key)
    doc["publicKeyJwk"] = make().to_jwk()
    if isinstance(key, Ed25519KeyPair):
        doc["publicKeyMultibase"] = Ed25519KeyPair.generate().public_multikey
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    bad.chmod(0o600)
    errors: list[BaseException] = []
    for action in (lambda: load_key(bad),
                   lambda: keyfile.key_from_document({**doc, "keyType": "Nonsense"}),
                   lambda: issuer.issue({"name": ""}, "a@example.org")):
        try:
            action()
        except OpenBadgeError as exc:
            errors.append(exc)
    assert len(errors) == 3
    for exc in errors:
        shown.append(str(exc))
        shown.append("".join(traceback.format_exception(exc)))
    for text in shown:
        for secret in secrets:
            assert secret not in text, text[:300]
