"""The Issuer: issue Open Badges 3.0 credentials one at a time or by the thousand.

>>> issuer = Issuer(profile, key, registry="registry.db",
...                 status_list="https://example.edu/status/1")   # doctest: +SKIP
>>> issued = issuer.issue(achievement, "learner@example.edu")   # doctest: +SKIP

Every credential gets a ``urn:uuid`` id, the issuer profile embedded, a hashed e-mail
recipient (unless asked otherwise) and, when a status list is configured, a
``BitstringStatusListEntry`` at a random index.  With a registry, a credential is
returned only once its row is committed; see :mod:`openbadge_kit.issuer.registry`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..dates import utcnow
from ..errors import InvalidInputError, IssuanceError, OpenBadgeError
from ..limits import DEFAULT_LIMITS, Limits
from .credential import (
    as_json,
    build_achievement_credential,
    build_endorsement_credential,
    check_achievement,
    check_profile,
    once_key,
    recipient_identity,
    status_entry,
)
from .registry import DEFAULT_LIST_SIZE, IssuanceRecord, Registry, open_registry
from .signing import SignedCredential, SigningPool, default_workers, make_plan

#: ``progress(done, total)`` callback of :meth:`Issuer.issue_many`
ProgressCallback = Callable[[int, int], None]


@dataclass
class IssueRequest:
    """One credential to issue in a batch (the arguments of :meth:`Issuer.issue`)."""

    achievement: Mapping[str, Any] | Any
    recipient: str | Mapping[str, Any]
    evidence: Sequence[Any] | None = None
    results: Sequence[Any] | None = None
    narrative: str | None = None
    valid_from: datetime | str | None = None
    valid_until: datetime | str | None = None
    hashed: bool = True


@dataclass
class IssuedCredential:
    """A credential the issuer handed out (or, with ``once``, had already handed out)."""

    credential_id: str
    credential: SignedCredential  #: the signed credential: a dict, or a compact VC-JWT
    issued: bool = True  #: False when ``once`` found it already issued
    record: IssuanceRecord | None = field(default=None, repr=False)

    @property
    def is_jwt(self) -> bool:
        """Whether the credential is a compact VC-JWT string."""
        return isinstance(self.credential, str)

    def to_text(self) -> str:
        """The credential as it should be written to a file (JSON, or the JWT)."""
        import json

        if isinstance(self.credential, str):
            return self.credential + "\n"
        return json.dumps(self.credential, indent=2, ensure_ascii=False) + "\n"


def _default_vm(profile_id: str, key: Any) -> str:
    key_id = getattr(key, "key_id", None)
    if isinstance(key_id, str) and ":" in key_id:
        return key_id
    did_key = getattr(key, "did_key", None)
    if did_key is not None and profile_id == did_key:
        return str(key.did_key_vm)
    multikey = getattr(key, "public_multikey", None)
    if multikey is not None:
        return f"{profile_id}#{multikey}"
    raise IssuanceError("cannot tell which verification method the key is; pass "
                        "verification_method=", code="issuer_key_unnamed")


class Issuer:
    """Issues credentials as one issuer profile, signed with one key.

    ``profile``: the issuer Profile (dict or model; ``id``, ``type`` ∋ ``Profile``,
    ``name``), embedded in every credential.  ``key``: an ``Ed25519KeyPair`` (any proof
    format) or another key the VC-JWT signer accepts.  ``proof_format``:
    ``"eddsa-rdfc-2022"`` (default), ``"Ed25519Signature2020"`` or ``"vc-jwt"``.
    ``verification_method`` defaults to the did:key method when the profile id is the
    key's did:key, else ``<profile id>#<publicKeyMultibase>``.  ``registry``: a
    :class:`Registry` or its location (SQLite path or PostgreSQL DSN).  ``status_list``:
    the URL the status list credential will be published at (needs a registry);
    ``status_purpose`` ``"revocation"`` or ``"suspension"`` (the latter also allows
    suspend/unsuspend).
    """

    def __init__(
        self,
        profile: Mapping[str, Any] | Any,
        key: Any,
        *,
        proof_format: str = "eddsa-rdfc-2022",
        verification_method: str | None = None,
        registry: Registry | str | Path | None = None,
        status_list: str | None = None,
        status_purpose: str = "revocation",
        status_list_size: int = DEFAULT_LIST_SIZE,
        workers: int | None = None,
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        self.profile = as_json(profile, "issuer profile")
        check_profile(self.profile)
        self.key = key
        self.proof_format = proof_format
        self.verification_method = verification_method or _default_vm(self.profile["id"], key)
        self.plan = make_plan(key, proof_format, self.verification_method, limits)
        self.limits = limits
        self._owns_registry = registry is not None and not isinstance(registry, Registry)
        self.registry: Registry | None = (
            open_registry(registry) if isinstance(registry, (str, Path)) else registry)
        self.status_list = status_list
        self.status_purpose = status_purpose
        if status_list is not None:
            if self.registry is None:
                raise IssuanceError("a status list needs a registry to allocate its indices",
                                    code="issuer_needs_registry")
            try:
                self.registry.ensure_list(status_list, purpose=status_purpose,
                                          size=status_list_size)
            except OpenBadgeError:
                if self._owns_registry:
                    self.registry.close()
                raise
        self.workers = default_workers() if workers is None else max(1, workers)
        self._pool: SigningPool | None = None

    @property
    def id(self) -> str:
        """The issuer profile id."""
        return str(self.profile["id"])

    # --- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        """Stop worker processes and close a registry this issuer opened."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None
        if self._owns_registry and self.registry is not None:
            self.registry.close()

    def __enter__(self) -> Issuer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- issuing ---------------------------------------------------------------------------

    def issue(
        self,
        achievement: Mapping[str, Any] | Any,
        recipient: str | Mapping[str, Any],
        *,
        evidence: Sequence[Any] | None = None,
        results: Sequence[Any] | None = None,
        narrative: str | None = None,
        valid_from: datetime | str | None = None,
        valid_until: datetime | str | None = None,
        hashed: bool = True,
        once: bool = False,
    ) -> IssuedCredential:
        """Issue one OpenBadgeCredential of ``achievement`` to ``recipient``.

        ``recipient`` is an e-mail address (hashed with a random salt unless
        ``hashed=False``), a DID, or an IdentityObject.  With ``once=True`` (needs a
        registry) the same achievement is never issued twice to the same recipient: the
        existing credential comes back with ``issued=False``.
        """
        request = IssueRequest(achievement, recipient, evidence, results, narrative,
                               valid_from, valid_until, hashed)
        return self.issue_many([request], once=once, workers=1)[0]

    def issue_many(
        self,
        requests: Iterable[IssueRequest | Mapping[str, Any]],
        *,
        once: bool = False,
        progress: ProgressCallback | None = None,
        workers: int | None = None,
        chunk_size: int = 500,
    ) -> list[IssuedCredential]:
        """Issue a batch, in order; signing uses every core for large batches.

        Every request is checked first: if any is invalid nothing is issued and the
        :class:`~openbadge_kit.errors.OpenBadgeError` names the request (``request 3:
        ...``).  Credentials are then signed and recorded chunk by chunk, each chunk in
        one registry transaction; ``progress(done, total)`` is called as they complete.
        """
        if isinstance(requests, (str, bytes, Mapping)) or not isinstance(requests, Iterable):
            raise IssuanceError("issue_many takes a list of IssueRequest (or mappings), "
                                f"not {type(requests).__name__}", code="issuer_bad_request")
        items = [_as_request(n, r) for n, r in enumerate(requests)]
        if once and self.registry is None:
            raise IssuanceError("once=True needs a registry", code="issuer_needs_registry")
        now = utcnow().replace(microsecond=0)
        prepared: list[tuple[dict[str, Any], IssuanceRecord]] = []
        for n, item in enumerate(items):
            try:
                prepared.append(self._prepare(item, now, once))
            except OpenBadgeError as exc:
                exc.message = f"request {n}: {exc.message}"
                exc.args = (exc.message,)
                raise
        total = len(prepared)
        done = 0
        out: list[IssuedCredential] = []
        pool = self._signing_pool(workers)

        def tick(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress(done, total)

        for start in range(0, total, chunk_size):
            chunk = prepared[start:start + chunk_size]
            out.extend(self._issue_chunk(chunk, pool, tick))
        return out

    def _signing_pool(self, workers: int | None) -> SigningPool:
        count = self.workers if workers is None else max(1, workers)
        if self._pool is None or self._pool.workers != count:
            if self._pool is not None:
                self._pool.close()
            self._pool = SigningPool(self.plan, count)
        return self._pool

    def _prepare(self, item: IssueRequest, now: datetime, once: bool
                 ) -> tuple[dict[str, Any], IssuanceRecord]:
        achievement = as_json(item.achievement, "achievement")
        check_achievement(achievement)
        who = recipient_identity(item.recipient, hashed=item.hashed)
        credential = build_achievement_credential(
            profile=self.profile, achievement=achievement, subject=who.subject, issued_at=now,
            evidence=item.evidence, results=item.results, narrative=item.narrative,
            valid_from=item.valid_from, valid_until=item.valid_until)
        record = IssuanceRecord(
            credential_id=credential["id"], kind="achievement",
            achievement_id=str(achievement["id"]), recipient_ref=who.ref,
            identity_hash=who.identity_hash, issued_at=credential["awardedDate"],
            list_id=None, status_index=None,
            once_key=once_key(str(achievement["id"]), who.ref) if once else None)
        return credential, record

    def _issue_chunk(self, chunk: list[tuple[dict[str, Any], IssuanceRecord]],
                     pool: SigningPool, tick: Callable[[int], None]) -> list[IssuedCredential]:
        registry = self.registry
        results: list[IssuedCredential | None] = [None] * len(chunk)
        todo: list[int] = []
        for n, (_credential, record) in enumerate(chunk):
            if registry is not None and record.once_key is not None:
                existing = registry.find(once_key=record.once_key)
                if existing:
                    results[n] = _from_record(existing[0], issued=False)
                    tick(1)
                    continue
            todo.append(n)
        if todo and self.status_list is not None and registry is not None:
            indices = registry.allocate(self.status_list, len(todo))
            for n, index in zip(todo, indices, strict=True):
                credential, record = chunk[n]
                credential["credentialStatus"] = status_entry(self.status_list, index,
                                                              self.status_purpose)
                record.list_id = self.status_list
                record.status_index = index
        signed = pool.sign([chunk[n][0] for n in todo], tick)
        for n, signed_credential in zip(todo, signed, strict=True):
            chunk[n][1].credential = signed_credential
        if registry is not None and todo:
            outcomes = registry.record([chunk[n][1] for n in todo])
            for n, outcome in zip(todo, outcomes, strict=True):
                if outcome.recorded:
                    results[n] = _from_record(chunk[n][1], issued=True)
                else:
                    assert outcome.existing is not None
                    results[n] = _from_record(outcome.existing, issued=False)
        else:
            for n in todo:
                results[n] = _from_record(chunk[n][1], issued=True)
        return [r for r in results if r is not None]

    # --- endorsements ----------------------------------------------------------------------

    def endorse(
        self,
        subject: Mapping[str, Any] | str | Any,
        comment: str | None = None,
        *,
        name: str | None = None,
        description: str | None = None,
        valid_from: datetime | str | None = None,
        valid_until: datetime | str | None = None,
    ) -> IssuedCredential:
        """Issue an EndorsementCredential about an Achievement or a Profile (or its id).

        The endorsement is recorded in the registry and gets a status entry like any
        other credential, so it can be revoked.
        """
        from .endorse import endorsement_subject

        subject_id, label = endorsement_subject(subject)
        now = utcnow().replace(microsecond=0)
        credential = build_endorsement_credential(
            profile=self.profile, subject_id=subject_id, comment=comment,
            name=name or f"Endorsement of {label}", issued_at=now, valid_from=valid_from,
            valid_until=valid_until, description=description)
        record = IssuanceRecord(
            credential_id=credential["id"], kind="endorsement", achievement_id=subject_id,
            recipient_ref=None, identity_hash=None, issued_at=credential["awardedDate"],
            list_id=None, status_index=None)
        return self._issue_chunk([(credential, record)], self._signing_pool(1),
                                 lambda n: None)[0]

    # --- status ----------------------------------------------------------------------------

    def _need_registry(self) -> Registry:
        if self.registry is None:
            raise IssuanceError("this issuer has no registry", code="issuer_needs_registry")
        return self.registry

    def revoke(self, credential_id: str, reason: str | None = None) -> IssuanceRecord:
        """Revoke a credential for good (publish the status list to make it known)."""
        return self._need_registry().set_status(credential_id, "revoked", reason)

    def suspend(self, credential_id: str, reason: str | None = None) -> IssuanceRecord:
        """Suspend a credential issued with a ``suspension`` status entry."""
        return self._need_registry().set_status(credential_id, "suspended", reason)

    def unsuspend(self, credential_id: str, reason: str | None = None) -> IssuanceRecord:
        """Lift a suspension."""
        return self._need_registry().set_status(credential_id, "active", reason)

    def status_list_credential(self, list_id: str | None = None, *,
                               valid_for_seconds: int | None = None) -> SignedCredential:
        """The signed status list credential of ``list_id`` (default: this issuer's list)."""
        from .status_list import build_status_list_credential

        registry = self._need_registry()
        target = list_id or self.status_list
        if target is None:
            raise IssuanceError("no status list configured", code="issuer_needs_status_list")
        unsigned = build_status_list_credential(
            registry, target, issuer_id=self.id, issued_at=utcnow(),
            valid_for_seconds=valid_for_seconds)
        pool = self._signing_pool(1)
        return pool.sign([unsigned])[0]

    def publish_status_list(self, directory: str | Path, list_id: str | None = None, *,
                            valid_for_seconds: int | None = None) -> Path:
        """Write the signed status list credential into ``directory``; returns the file.

        The file is named after the last segment of the list URL (``.json``, or ``.jwt``
        for VC-JWT) and replaced atomically, so a web server never serves half a list.
        """
        from .status_list import status_list_filename, write_atomically

        target = list_id or self.status_list
        signed = self.status_list_credential(target, valid_for_seconds=valid_for_seconds)
        assert target is not None
        path = Path(directory) / status_list_filename(target, jwt=isinstance(signed, str))
        write_atomically(path, _text(signed))
        return path


def _as_request(n: int, value: IssueRequest | Mapping[str, Any]) -> IssueRequest:
    if isinstance(value, IssueRequest):
        return value
    if not isinstance(value, Mapping):
        raise InvalidInputError(f"request {n}: expected an IssueRequest or a mapping, not "
                                f"{type(value).__name__}", code="request_invalid")
    unknown = set(value) - set(IssueRequest.__dataclass_fields__)
    if unknown or "achievement" not in value or "recipient" not in value:
        what = (f"unknown key(s) {', '.join(sorted(map(str, unknown)))}" if unknown
                else "needs 'achievement' and 'recipient'")
        raise InvalidInputError(f"request {n}: {what}", code="request_invalid")
    return IssueRequest(**dict(value))


def _text(signed: SignedCredential) -> str:
    import json

    if isinstance(signed, str):
        return signed + "\n"
    return json.dumps(signed, indent=2, ensure_ascii=False) + "\n"


def _from_record(record: IssuanceRecord, *, issued: bool) -> IssuedCredential:
    return IssuedCredential(record.credential_id, record.credential, issued, record)
