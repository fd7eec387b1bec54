"""How the issuer signs: one proof format per issuer, in this process or in workers.

A :class:`SigningPlan` is everything needed to sign (format, key material, verification
method) in a form that crosses process boundaries, so :func:`sign_many` can spread a
large batch over every core with a process pool.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from typing import Any

from ..errors import OpenBadgeError, SigningError
from ..limits import DEFAULT_LIMITS, Limits

#: proof formats an Issuer can sign with
PROOF_FORMATS = ("eddsa-rdfc-2022", "Ed25519Signature2020", "vc-jwt")

SignedCredential = dict[str, Any] | str

#: batches smaller than this are signed in this process (a pool costs more than it saves)
PARALLEL_THRESHOLD = 200


@dataclass(frozen=True)
class SigningPlan:
    """A picklable description of how to sign."""

    proof_format: str
    verification_method: str
    key_kind: str  #: "ed25519" (seed) or "object" (the key itself, when picklable)
    key_material: Any
    key_id: str | None
    limits: Limits = DEFAULT_LIMITS

    def key(self) -> Any:
        """The signing key this plan names."""
        if self.key_kind == "ed25519":
            from ..keys.ed25519 import Ed25519KeyPair

            return Ed25519KeyPair.from_seed(self.key_material, key_id=self.key_id)
        return self.key_material


def make_plan(key: Any, proof_format: str, verification_method: str,
              limits: Limits = DEFAULT_LIMITS) -> SigningPlan:
    """The plan for ``key``; refuses an unknown proof format."""
    if proof_format not in PROOF_FORMATS:
        raise SigningError(f"unknown proof format {proof_format!r}; use one of "
                           f"{', '.join(PROOF_FORMATS)}", code="signing_unknown_suite")
    seed = getattr(key, "seed", None)
    key_id = getattr(key, "key_id", None)
    if isinstance(seed, bytes) and len(seed) == 32 and getattr(key, "key_type", "") == "Ed25519":
        return SigningPlan(proof_format, verification_method, "ed25519", seed, key_id, limits)
    if proof_format != "vc-jwt":
        raise SigningError("Data Integrity proofs need an Ed25519 key", code="key_invalid")
    return SigningPlan(proof_format, verification_method, "object", key, key_id, limits)


def sign_one(credential: dict[str, Any], plan: SigningPlan, key: Any | None = None
             ) -> SignedCredential:
    """``credential`` signed as ``plan`` says (a dict, or a compact VC-JWT string)."""
    key = key if key is not None else plan.key()
    try:
        if plan.proof_format == "vc-jwt":
            from ..proofs import vc_jwt

            token: str = vc_jwt.sign(credential, key, kid=plan.verification_method)
            return token
        from ..proofs import data_integrity

        return data_integrity.sign(credential, key, verification_method=plan.verification_method,
                                   suite=plan.proof_format, created=credential.get("validFrom"),
                                   limits=plan.limits)
    except OpenBadgeError:
        raise
    except Exception as exc:  # a dependency's error must not escape as itself
        raise SigningError(f"signing failed: {exc}") from exc


# --- worker processes ------------------------------------------------------------------------

_WORKER: tuple[SigningPlan, Any] | None = None


def _init_worker(plan: SigningPlan) -> None:
    global _WORKER
    _WORKER = (plan, plan.key())


def _sign_chunk(credentials: list[dict[str, Any]]) -> list[SignedCredential]:
    assert _WORKER is not None
    plan, key = _WORKER
    return [sign_one(c, plan, key) for c in credentials]


def default_workers() -> int:
    """Worker processes for a large batch: every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _context() -> BaseContext:
    """``fork`` where it is safe (POSIX, one thread): no re-import of ``__main__``."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


class SigningPool:
    """Signs batches, in a process pool when ``workers > 1`` (created on first use)."""

    def __init__(self, plan: SigningPlan, workers: int) -> None:
        self.plan = plan
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._key: Any = None

    def sign(self, credentials: Sequence[dict[str, Any]],
             progress: Callable[[int], None] | None = None) -> list[SignedCredential]:
        """Every credential signed, in order; ``progress(n)`` after each ``n`` more are done."""
        if self.workers <= 1 or len(credentials) < PARALLEL_THRESHOLD:
            if self._key is None:
                self._key = self.plan.key()
            out: list[SignedCredential] = []
            for credential in credentials:
                out.append(sign_one(credential, self.plan, self._key))
                if progress:
                    progress(1)
            return out
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=_context(),
                initializer=_init_worker, initargs=(self.plan,))
        step = max(1, min(64, len(credentials) // (self.workers * 4) or 1))
        chunks = [list(credentials[i:i + step]) for i in range(0, len(credentials), step)]
        results: list[list[SignedCredential] | None] = [None] * len(chunks)
        futures = {self._pool.submit(_sign_chunk, chunk): n for n, chunk in enumerate(chunks)}
        try:
            for future in as_completed(futures):
                n = futures[future]
                results[n] = future.result()
                if progress:
                    progress(len(chunks[n]))
        except BrokenProcessPool:
            self.close()
            raise SigningError("a signing worker process died; nothing from this chunk was "
                               "recorded", code="signing_worker_died") from None
        except BaseException:
            for future in futures:
                future.cancel()
            raise
        return [signed for chunk in results if chunk is not None for signed in chunk]

    def close(self) -> None:
        """Stop the worker processes."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
