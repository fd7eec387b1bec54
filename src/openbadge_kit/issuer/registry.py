"""The issuance registry: a persistent, transactional record of what an issuer issued.

One interface, two engines: :class:`SQLiteRegistry` (the default, one file in WAL mode)
and :class:`PostgresRegistry` (a DSN, for issuers with several workers).  Both keep

* ``status_lists``: each BitstringStatusList the issuer publishes (URL, purpose, size);
* ``allocations``: every status index ever handed out, per list (its primary key is what
  guarantees an index is never handed out twice, across processes and crashes);
* ``credentials``: one row per issued credential (id, achievement, recipient reference,
  hashed identity, issue date, list and index, current status, reason, the signed
  credential itself);
* ``status_events``: the history of status changes (issued, revoked, suspended ...).

Issuing is two transactions.  :meth:`Registry.allocate` reserves random indices; the
caller then builds and signs the credentials; :meth:`Registry.record` writes every row of
a chunk in one transaction.  A crash in between leaves reserved but unused indices
(never reused) and no credential row, so nothing half-issued is ever recorded.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..dates import format_datetime, utcnow
from ..errors import RegistryError, StatusListError
from ..safejson import loads as safe_loads

#: statuses a credential can be in
STATUSES = ("active", "suspended", "revoked")
#: purposes of a status list this registry manages
PURPOSES = ("revocation", "suspension")
#: default entries per list: 131,072 bits = 16 KiB, the spec minimum
DEFAULT_LIST_SIZE = 131_072

_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS status_lists (
        id TEXT PRIMARY KEY,
        purpose TEXT NOT NULL,
        size INTEGER NOT NULL,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS allocations (
        list_id TEXT NOT NULL REFERENCES status_lists(id),
        idx INTEGER NOT NULL,
        allocated_at TEXT NOT NULL,
        PRIMARY KEY (list_id, idx)
    )""",
    """CREATE TABLE IF NOT EXISTS credentials (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        achievement_id TEXT,
        recipient_ref TEXT,
        identity_hash TEXT,
        once_key TEXT UNIQUE,
        issued_at TEXT NOT NULL,
        list_id TEXT,
        status_index INTEGER,
        status TEXT NOT NULL,
        reason TEXT,
        changed_at TEXT NOT NULL,
        credential TEXT NOT NULL,
        UNIQUE (list_id, status_index),
        FOREIGN KEY (list_id, status_index) REFERENCES allocations(list_id, idx)
    )""",
    """CREATE TABLE IF NOT EXISTS status_events (
        credential_id TEXT NOT NULL REFERENCES credentials(id),
        at TEXT NOT NULL,
        status TEXT NOT NULL,
        reason TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS credentials_achievement ON credentials(achievement_id)",
    "CREATE INDEX IF NOT EXISTS credentials_recipient ON credentials(recipient_ref)",
]


@dataclass(frozen=True)
class StatusListInfo:
    """A status list the registry manages."""

    id: str  #: the URL of the status list credential
    purpose: str  #: ``revocation`` or ``suspension``
    size: int  #: number of entries (bits)
    allocated: int = 0  #: indices handed out so far


@dataclass
class IssuanceRecord:
    """One issued credential as the registry knows it."""

    credential_id: str
    kind: str  #: ``achievement`` or ``endorsement``
    achievement_id: str | None
    recipient_ref: str | None  #: issuer-private reference to the recipient (see issuer.py)
    identity_hash: str | None  #: the hashed identity carried by the credential
    issued_at: str
    list_id: str | None
    status_index: int | None
    status: str = "active"
    reason: str | None = None
    changed_at: str | None = None
    once_key: str | None = None
    credential: dict[str, Any] | str = field(default_factory=dict, repr=False)

    @property
    def is_jwt(self) -> bool:
        """Whether the stored credential is a compact VC-JWT."""
        return isinstance(self.credential, str)


@dataclass(frozen=True)
class RecordOutcome:
    """What :meth:`Registry.record` did with one record."""

    credential_id: str
    recorded: bool
    #: when not recorded because its ``once_key`` was already taken: the existing record
    existing: IssuanceRecord | None = None


class Registry(ABC):
    """The issuance registry interface (see the module docstring)."""

    #: SQL placeholder of the engine
    _param = "?"

    # --- engine hooks ----------------------------------------------------------------------

    @abstractmethod
    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        """A cursor inside one write transaction (committed on exit, rolled back on error)."""
        yield None  # pragma: no cover

    @abstractmethod
    @contextmanager
    def _reader(self) -> Iterator[Any]:
        """A cursor for reads."""
        yield None  # pragma: no cover

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _sql(self, text: str) -> str:
        return text if self._param == "?" else text.replace("?", self._param)

    def _create_schema(self) -> None:
        with self._transaction() as cur:
            for statement in _SCHEMA:
                cur.execute(statement)

    # --- status lists ----------------------------------------------------------------------

    def ensure_list(self, list_id: str, *, purpose: str = "revocation",
                    size: int = DEFAULT_LIST_SIZE) -> StatusListInfo:
        """Register the status list ``list_id`` (idempotent) and return it.

        Raises :class:`StatusListError` when the list exists with another purpose or size,
        or when ``size`` is not a positive multiple of 8.
        """
        if purpose not in PURPOSES:
            raise StatusListError(f"status purpose must be one of {PURPOSES}, not {purpose!r}",
                                  code="status_purpose_invalid")
        if size <= 0 or size % 8:
            raise StatusListError(f"status list size must be a positive multiple of 8, not {size}",
                                  code="status_list_size")
        with self._transaction() as cur:
            cur.execute(self._sql(
                "INSERT INTO status_lists (id, purpose, size, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (id) DO NOTHING"), (list_id, purpose, size, _now()))
            cur.execute(self._sql("SELECT purpose, size FROM status_lists WHERE id = ?"),
                        (list_id,))
            row = cur.fetchone()
        if row[0] != purpose or row[1] != size:
            raise StatusListError(
                f"status list {list_id} already exists with purpose {row[0]!r} and size {row[1]}",
                code="status_list_conflict")
        return self.get_list(list_id)

    def get_list(self, list_id: str) -> StatusListInfo:
        """The status list ``list_id``; :class:`StatusListError` when unknown."""
        with self._reader() as cur:
            cur.execute(self._sql(
                "SELECT purpose, size, (SELECT COUNT(*) FROM allocations WHERE list_id = ?) "
                "FROM status_lists WHERE id = ?"), (list_id, list_id))
            row = cur.fetchone()
        if row is None:
            raise StatusListError(f"unknown status list {list_id}", code="status_list_unknown")
        return StatusListInfo(list_id, row[0], int(row[1]), int(row[2]))

    def lists(self) -> list[StatusListInfo]:
        """Every status list in the registry."""
        with self._reader() as cur:
            cur.execute("SELECT id FROM status_lists ORDER BY id")
            ids = [r[0] for r in cur.fetchall()]
        return [self.get_list(i) for i in ids]

    def allocate(self, list_id: str, count: int) -> list[int]:
        """Reserve ``count`` distinct random indices of ``list_id`` in one transaction.

        An index returned here is never returned again, by this or any other process.
        Raises :class:`StatusListError` (``status_list_full``) when the list has fewer than
        ``count`` free entries.
        """
        if count <= 0:
            return []
        info = self.get_list(list_id)
        chosen: list[int] = []
        with self._transaction() as cur:
            self._lock_list(cur, list_id)
            cur.execute(self._sql("SELECT COUNT(*) FROM allocations WHERE list_id = ?"),
                        (list_id,))
            used = int(cur.fetchone()[0])
            free = info.size - used
            if free < count:
                raise StatusListError(
                    f"status list {list_id} has {free} free entries, {count} needed; "
                    "start a new list", code="status_list_full")
            now = _now()
            if used + count > info.size // 2:
                # dense list: draw from the complement instead of retrying collisions
                cur.execute(self._sql("SELECT idx FROM allocations WHERE list_id = ?"),
                            (list_id,))
                taken = {int(r[0]) for r in cur.fetchall()}
                pool = [i for i in range(info.size) if i not in taken]
                rng = secrets.SystemRandom()
                candidates: Iterable[int] = rng.sample(pool, count)
            else:
                candidates = _random_indices(info.size)
            insert = self._sql(
                "INSERT INTO allocations (list_id, idx, allocated_at) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING")
            for idx in candidates:
                cur.execute(insert, (list_id, idx, now))
                if cur.rowcount == 1:
                    chosen.append(idx)
                    if len(chosen) == count:
                        break
        return chosen

    def _lock_list(self, cur: Any, list_id: str) -> None:  # noqa: B027 - optional hook
        """Serialize allocations on one list (SQLite's write lock already does)."""

    # --- recording -------------------------------------------------------------------------

    def record(self, records: Sequence[IssuanceRecord]) -> list[RecordOutcome]:
        """Write ``records`` in one transaction: all of them or, on error, none.

        A record whose ``once_key`` is already taken is not written (its outcome carries
        the existing record); a record whose status index was not allocated, or is used
        by another credential, fails the whole transaction with :class:`RegistryError`.
        """
        outcomes: list[RecordOutcome] = []
        try:
            with self._transaction() as cur:
                for rec in records:
                    if rec.list_id is not None:
                        cur.execute(self._sql(
                            "SELECT 1 FROM allocations WHERE list_id = ? AND idx = ?"),
                            (rec.list_id, rec.status_index))
                        if cur.fetchone() is None:
                            raise RegistryError(
                                f"status index {rec.status_index} of {rec.list_id} was never "
                                "allocated", code="registry_index_unallocated")
                    cur.execute(self._sql(
                        "INSERT INTO credentials (id, kind, achievement_id, recipient_ref, "
                        "identity_hash, once_key, issued_at, list_id, status_index, status, "
                        "reason, changed_at, credential) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        "ON CONFLICT (once_key) DO NOTHING"),
                        (rec.credential_id, rec.kind, rec.achievement_id, rec.recipient_ref,
                         rec.identity_hash, rec.once_key, rec.issued_at, rec.list_id,
                         rec.status_index, "active", None, rec.issued_at,
                         _dump_credential(rec.credential)))
                    if cur.rowcount != 1:
                        # only a taken once_key is ignored; any other conflict raised above
                        cur.execute(self._sql("SELECT id FROM credentials WHERE once_key = ?"),
                                    (rec.once_key,))
                        existing = self._get(cur, cur.fetchone()[0])
                        outcomes.append(RecordOutcome(rec.credential_id, False, existing))
                        continue
                    cur.execute(self._sql(
                        "INSERT INTO status_events (credential_id, at, status, reason) "
                        "VALUES (?, ?, ?, ?)"), (rec.credential_id, _stamp(), "issued", None))
                    outcomes.append(RecordOutcome(rec.credential_id, True))
        except RegistryError:
            raise
        except Exception as exc:
            if _is_integrity_error(exc):
                raise RegistryError(f"registry refused the batch: {exc}",
                                    code="registry_conflict") from None
            raise
        return outcomes

    # --- reading ---------------------------------------------------------------------------

    def get(self, credential_id: str) -> IssuanceRecord:
        """The record of ``credential_id``; :class:`RegistryError` when unknown."""
        with self._reader() as cur:
            return self._get(cur, credential_id)

    def _get(self, cur: Any, credential_id: str) -> IssuanceRecord:
        cur.execute(self._sql(f"SELECT {_COLUMNS} FROM credentials WHERE id = ?"),  # noqa: S608
                    (credential_id,))
        row = cur.fetchone()
        if row is None:
            raise RegistryError(f"no credential {credential_id!r} in the registry",
                                code="credential_unknown")
        return _record(row)

    def find(self, *, achievement_id: str | None = None, recipient_ref: str | None = None,
             once_key: str | None = None, status: str | None = None) -> list[IssuanceRecord]:
        """Records matching every given filter, oldest first."""
        where, params = [], []
        for column, value in (("achievement_id", achievement_id),
                              ("recipient_ref", recipient_ref), ("once_key", once_key),
                              ("status", status)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        sql = f"SELECT {_COLUMNS} FROM credentials"  # noqa: S608 - constant columns
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY issued_at, id"
        with self._reader() as cur:
            cur.execute(self._sql(sql), tuple(params))
            return [_record(r) for r in cur.fetchall()]

    def count(self) -> int:
        """How many credentials the registry holds."""
        with self._reader() as cur:
            cur.execute("SELECT COUNT(*) FROM credentials")
            return int(cur.fetchone()[0])

    def events(self, credential_id: str) -> list[tuple[str, str, str | None]]:
        """The status history of a credential: ``(at, status, reason)``, oldest first."""
        with self._reader() as cur:
            cur.execute(self._sql("SELECT at, status, reason FROM status_events "
                                  "WHERE credential_id = ? ORDER BY at"), (credential_id,))
            return [(r[0], r[1], r[2]) for r in cur.fetchall()]

    def set_bits(self, list_id: str) -> list[int]:
        """Indices of ``list_id`` whose bit is set now (revoked, or suspended where it applies)."""
        info = self.get_list(list_id)
        states = ("revoked",) if info.purpose == "revocation" else ("revoked", "suspended")
        marks = ", ".join("?" for _ in states)
        with self._reader() as cur:
            cur.execute(self._sql(
                f"SELECT status_index FROM credentials WHERE list_id = ? "  # noqa: S608
                f"AND status IN ({marks}) "
                "ORDER BY status_index"), (list_id, *states))
            return [int(r[0]) for r in cur.fetchall()]

    # --- status changes --------------------------------------------------------------------

    def set_status(self, credential_id: str, status: str, reason: str | None = None
                   ) -> IssuanceRecord:
        """Move a credential to ``status`` (``active``, ``suspended`` or ``revoked``).

        Revocation is permanent; suspension needs a credential whose status entry has the
        ``suspension`` purpose (a revocation bit cannot be cleared again).  Raises
        :class:`RegistryError` / :class:`StatusListError` naming what is refused.
        """
        if status not in STATUSES:
            raise RegistryError(f"status must be one of {STATUSES}, not {status!r}",
                                code="status_invalid")
        with self._transaction() as cur:
            rec = self._get(cur, credential_id)
            if rec.status == "revoked":
                raise RegistryError(f"credential {credential_id} is revoked; revocation is "
                                    "permanent", code="credential_revoked")
            if rec.list_id is None:
                raise StatusListError(f"credential {credential_id} was issued without a status "
                                      "entry, so its status cannot change",
                                      code="status_list_none")
            if status in ("suspended", "active") and rec.status != status:
                cur.execute(self._sql("SELECT purpose FROM status_lists WHERE id = ?"),
                            (rec.list_id,))
                if cur.fetchone()[0] != "suspension":
                    raise StatusListError(
                        f"credential {credential_id} carries a revocation-only status entry; "
                        "it can be revoked but not suspended (issue with "
                        "status_purpose='suspension' to allow that)",
                        code="status_not_suspendable")
            if rec.status == status:
                return rec
            now = _stamp()
            cur.execute(self._sql("UPDATE credentials SET status = ?, reason = ?, "
                                  "changed_at = ? WHERE id = ?"),
                        (status, reason, now, credential_id))
            cur.execute(self._sql("INSERT INTO status_events (credential_id, at, status, reason) "
                                  "VALUES (?, ?, ?, ?)"), (credential_id, now, status, reason))
            return self._get(cur, credential_id)

    # --- consistency -----------------------------------------------------------------------

    def check(self) -> list[str]:
        """Consistency problems found (empty when the registry is sound).

        Checks that every credential row parses, carries its own id, and that its
        ``credentialStatus`` names the list and index recorded for it, which was
        allocated; and that no index is used twice.
        """
        problems: list[str] = []
        with self._reader() as cur:
            cur.execute("SELECT list_id, status_index, COUNT(*) FROM credentials "
                        "WHERE list_id IS NOT NULL GROUP BY list_id, status_index "
                        "HAVING COUNT(*) > 1")
            problems += [f"index {r[1]} of {r[0]} used {r[2]} times" for r in cur.fetchall()]
            cur.execute("SELECT c.id FROM credentials c LEFT JOIN allocations a "
                        "ON a.list_id = c.list_id AND a.idx = c.status_index "
                        "WHERE c.list_id IS NOT NULL AND a.idx IS NULL")
            problems += [f"{r[0]}: status index was never allocated" for r in cur.fetchall()]
            cur.execute(f"SELECT {_COLUMNS} FROM credentials")  # noqa: S608
            rows = cur.fetchall()
        for row in rows:
            try:
                rec = _record(row)
            except RegistryError as exc:
                problems.append(f"{row[0]}: {exc}")
                continue
            problems += _check_record(rec)
        return problems


def _check_record(rec: IssuanceRecord) -> list[str]:
    credential = (_jwt_payload(rec.credential) if isinstance(rec.credential, str)
                  else rec.credential)
    if credential is None:
        return [f"{rec.credential_id}: stored VC-JWT is unreadable"]
    if credential.get("id") != rec.credential_id:
        return [f"{rec.credential_id}: stored credential has id {credential.get('id')!r}"]
    status = credential.get("credentialStatus")
    if rec.list_id is None:
        return [] if status is None else [f"{rec.credential_id}: unrecorded status entry"]
    if not isinstance(status, dict) or (
        status.get("statusListCredential") != rec.list_id
        or status.get("statusListIndex") != str(rec.status_index)
    ):
        return [f"{rec.credential_id}: credentialStatus does not match the registry row"]
    return []


def _jwt_payload(token: str) -> dict[str, Any] | None:
    from ..keys.ed25519 import b64url_decode

    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        payload = safe_loads(b64url_decode(parts[1]))
    except Exception:
        return None
    if isinstance(payload, dict) and isinstance(payload.get("vc"), dict):
        payload = payload["vc"]
    return payload if isinstance(payload, dict) else None


_COLUMNS = ("id, kind, achievement_id, recipient_ref, identity_hash, issued_at, list_id, "
            "status_index, status, reason, changed_at, once_key, credential")


def _record(row: Sequence[Any]) -> IssuanceRecord:
    text = row[12]
    credential: dict[str, Any] | str
    if isinstance(text, str) and text.startswith("{"):
        try:
            credential = safe_loads(text)
        except Exception as exc:
            raise RegistryError(f"stored credential {row[0]} is not valid JSON ({exc})",
                                code="registry_corrupt") from None
    elif isinstance(text, str):
        credential = text
    else:
        raise RegistryError(f"stored credential {row[0]} is missing", code="registry_corrupt")
    return IssuanceRecord(
        credential_id=row[0], kind=row[1], achievement_id=row[2], recipient_ref=row[3],
        identity_hash=row[4], issued_at=row[5], list_id=row[6],
        status_index=None if row[7] is None else int(row[7]), status=row[8], reason=row[9],
        changed_at=row[10], once_key=row[11], credential=credential)


def _dump_credential(credential: dict[str, Any] | str) -> str:
    if isinstance(credential, str):
        return credential
    return json.dumps(credential, ensure_ascii=False, separators=(",", ":"))


def _random_indices(size: int) -> Iterator[int]:
    while True:
        yield secrets.randbelow(size)


def _now() -> str:
    return format_datetime(utcnow())


def _stamp() -> str:
    """A sortable UTC timestamp with microseconds, for the status history."""
    return utcnow().strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _is_integrity_error(exc: Exception) -> bool:
    if isinstance(exc, sqlite3.IntegrityError):
        return True
    return type(exc).__name__ in ("IntegrityError", "UniqueViolation", "ForeignKeyViolation")


# --- SQLite --------------------------------------------------------------------------------


class SQLiteRegistry(Registry):
    """The embedded registry: one SQLite file in WAL mode, safe for several processes.

    Write transactions start with ``BEGIN IMMEDIATE`` so two processes never interleave
    an allocation; readers never block writers (WAL).
    """

    def __init__(self, path: str | Path, *, timeout: float = 60.0) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(str(self.path), timeout=timeout,
                                         isolation_level=None, check_same_thread=False)
            self._enable_wal(timeout)
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
        except (sqlite3.Error, OSError) as exc:
            raise RegistryError(f"cannot open the registry {self.path}: {exc}",
                                code="registry_unavailable") from None
        self._lock = threading.RLock()
        self._create_schema()

    def _enable_wal(self, timeout: float) -> None:
        """Switch to WAL, waiting while another process creates or converts the file.

        Changing the journal mode takes an exclusive lock that SQLite's busy timeout does
        not wait for, so two processes opening a new registry at once would otherwise see
        "database is locked".
        """
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        with self._lock:
            cur = self._conn.cursor()
            try:
                cur.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise RegistryError(f"registry is unavailable: {exc}",
                                    code="registry_unavailable") from None
            try:
                yield cur
            except BaseException:
                self._conn.rollback()
                raise
            else:
                try:
                    cur.execute("COMMIT")
                except sqlite3.Error as exc:
                    self._conn.rollback()
                    raise RegistryError(f"registry commit failed: {exc}",
                                        code="registry_unavailable") from None
            finally:
                cur.close()

    @contextmanager
    def _reader(self) -> Iterator[Any]:
        with self._lock:
            cur = self._conn.cursor()
            try:
                yield cur
            finally:
                cur.close()

    def close(self) -> None:
        """Close the database connection."""
        self._conn.close()

    def __repr__(self) -> str:
        return f"SQLiteRegistry({str(self.path)!r})"


# --- PostgreSQL ----------------------------------------------------------------------------


class PostgresRegistry(Registry):
    """The registry in a PostgreSQL database (``postgresql://`` DSN), via psycopg 3.

    Needs the ``postgres`` extra (``pip install 'openbadge_kit[postgres]'``).  Allocations
    on one list are serialized with a row lock on the list.
    """

    _param = "%s"

    def __init__(self, dsn: str, *, connect_timeout: int = 10) -> None:
        try:
            import psycopg
        except ImportError:
            raise RegistryError("PostgreSQL needs psycopg: pip install 'openbadge_kit[postgres]'",
                                code="registry_unavailable") from None
        self.dsn = dsn
        try:
            self._conn = psycopg.connect(dsn, autocommit=True, connect_timeout=connect_timeout)
        except psycopg.Error as exc:
            raise RegistryError(f"cannot connect to PostgreSQL: {exc}",
                                code="registry_unavailable") from None
        self._lock = threading.RLock()
        self._create_schema()

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        with self._lock, self._conn.transaction(), self._conn.cursor() as cur:
            yield cur

    @contextmanager
    def _reader(self) -> Iterator[Any]:
        with self._lock, self._conn.cursor() as cur:
            yield cur

    def _lock_list(self, cur: Any, list_id: str) -> None:
        cur.execute("SELECT id FROM status_lists WHERE id = %s FOR UPDATE", (list_id,))

    def _create_schema(self) -> None:
        # concurrent CREATE TABLE IF NOT EXISTS can race in PostgreSQL; serialize it
        with self._transaction() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(61106)")
            for statement in _SCHEMA:
                cur.execute(statement)

    def close(self) -> None:
        """Close the database connection."""
        self._conn.close()

    def __repr__(self) -> str:
        return "PostgresRegistry(<dsn>)"


def open_registry(location: str | Path) -> Registry:
    """A registry from a location: ``postgresql://...`` (or ``postgres://``) DSN, else a file."""
    text = str(location)
    if text.startswith(("postgresql://", "postgres://")):
        return PostgresRegistry(text)
    return SQLiteRegistry(text)
