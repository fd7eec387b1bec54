"""Writing files so that a crash or an error never leaves half of one.

Every file the library writes (signed credentials, baked images, key files, status
lists, DID documents, display pages) goes through :func:`write_atomic`: the bytes go to a
new temporary file in the same folder (created with mode 0600, exclusively, never
following a symlink), are flushed to disk, get their final mode, and then replace the
target in one rename. Readers see the old file or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(
    path: str | os.PathLike[str],
    data: bytes | str,
    *,
    mode: int = 0o644,
    make_parents: bool = False,
    exclusive: bool = False,
) -> Path:
    """Write ``data`` (text is UTF-8 encoded) to ``path`` atomically; returns the path.

    ``mode`` is the final permission (``0o600`` for private keys: the file is never
    readable by others, not even for an instant); ``make_parents`` creates missing
    folders; ``exclusive`` raises ``FileExistsError`` rather than replace an existing
    file. OS errors propagate; the temporary file is removed on any failure.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if make_parents:
        folder.mkdir(parents=True, exist_ok=True)
    if exclusive and target.exists():
        raise FileExistsError(f"{target} already exists")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if mode != 0o600:
            os.chmod(tmp, mode)
        if exclusive and target.exists():  # appeared while we were writing
            raise FileExistsError(f"{target} already exists")
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target
