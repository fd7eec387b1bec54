"""A throwaway PostgreSQL server for the registry tests (unix socket + 127.0.0.1 only).

Started with the Debian binaries (``/usr/lib/postgresql/<v>/bin``) in a temporary
directory; as root it runs as the ``postgres`` user (initdb refuses root).  ``start``
returns ``(dsn, stop)`` or raises ``Unavailable`` with the reason to show in the skip.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable


class Unavailable(Exception):
    """PostgreSQL cannot be started here (the message says why)."""


def _bin_dir() -> str:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    if initdb:
        return os.path.dirname(initdb)
    raise Unavailable("PostgreSQL server binaries (initdb) not installed; run make setup")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start() -> tuple[str, Callable[[], None]]:
    """Start a server; return its DSN and a function that stops it and removes its files."""
    bindir = _bin_dir()
    prefix: list[str] = []
    owner: pwd.struct_passwd | None = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            raise Unavailable("running as root and there is no 'postgres' user") from None
        runuser = shutil.which("runuser")
        if runuser is None:
            raise Unavailable("running as root without runuser")
        prefix = [runuser, "-u", "postgres", "--"]
    base = tempfile.mkdtemp(prefix="obk-pg-")
    data, sock = os.path.join(base, "data"), os.path.join(base, "sock")
    os.mkdir(sock)
    if owner is not None:
        os.chmod(base, 0o755)
        for path in (base, sock):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    port = _free_port()
    log = os.path.join(base, "server.log")

    def run(args: list[str]) -> None:
        proc = subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120)
        if proc.returncode != 0:
            raise Unavailable(f"{os.path.basename(args[0])} failed: "
                              f"{(proc.stderr or proc.stdout).strip()[-400:]}")

    try:
        run([f"{bindir}/initdb", "-D", data, "-U", "postgres", "-A", "trust",
             "--no-sync", "-E", "UTF8"])
        run([f"{bindir}/pg_ctl", "-D", data, "-l", log, "-w", "-t", "60", "-o",
             f"-k {sock} -p {port} -h 127.0.0.1 -F -c fsync=off", "start"])
    except (Unavailable, subprocess.TimeoutExpired, OSError) as exc:
        shutil.rmtree(base, ignore_errors=True)
        raise Unavailable(str(exc)) from None

    def stop() -> None:
        subprocess.run([*prefix, f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "-w",
                        "stop"], capture_output=True, timeout=60, check=False)
        shutil.rmtree(base, ignore_errors=True)

    dsn = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if time.monotonic() > deadline:
                stop()
                raise Unavailable("PostgreSQL did not start listening") from None
            time.sleep(0.2)
    return dsn, stop
