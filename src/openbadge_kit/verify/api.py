"""The public verification API: :func:`verify` one badge, :func:`verify_many` a batch.

Neither raises on a hostile credential: every problem is a check result in the
:class:`~openbadge_kit.verify.report.VerificationReport`.  Only a mistake in the
caller's own settings (a ``now`` without a time zone, a status folder that does not
exist) raises :class:`~openbadge_kit.errors.InvalidInputError`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from ..keys.base import Resolver
from ..limits import DEFAULT_LIMITS, Limits
from .options import PathLike, VerifyOptions, build_options
from .pipeline import verify_state
from .report import VerificationReport

#: below this many sources a batch runs in the calling process (start-up costs more)
PARALLEL_THRESHOLD = 16


def _label(source: Any) -> str | None:
    """The file path a source names, for the report (None for in-memory sources)."""
    if isinstance(source, os.PathLike):
        return str(os.fspath(source))
    if not isinstance(source, str) or "\n" in source or len(source) > 4096 \
            or source.lstrip().startswith(("{", "[")):
        return None
    try:
        return source if Path(source).is_file() else None
    except (OSError, ValueError):  # names too long for the OS, NUL bytes: not a path
        return None


def verify_with(source: Any, options: VerifyOptions) -> VerificationReport:
    """Verify one source with already-built options (used by the CLI and workers)."""
    return verify_state(source, options, label=_label(source)).report


def verify(
    source: Any,
    *,
    now: datetime | None = None,
    recipient: str | None = None,
    resolver: Resolver | None = None,
    did_documents: Mapping[str, Any] | PathLike | None = None,
    jwks: Any = None,
    status_lists: Mapping[str, Any] | PathLike | None = None,
    trust: Iterable[str] | PathLike | None = None,
    online: bool = False,
    skew_seconds: float = 300,
    limits: Limits = DEFAULT_LIMITS,
) -> VerificationReport:
    """Verify one Open Badges 3.0 credential and report every check.

    ``source`` is a credential ``dict``; JSON or VC-JWT text; ``bytes`` of a JSON file,
    JWT, PNG or SVG badge; or a path to one (the format is detected from the content).

    ``now`` (timezone-aware; default: the current time) is the clock for validity
    windows, with ``skew_seconds`` tolerance.  ``recipient`` (an e-mail address, URL,
    phone number or DID) is checked against the credential's subject.  Keys resolve
    with ``resolver``, or by default offline: did:key, did:jwk, the 1EdTech
    ``<issuer>#<multikey>`` form, ``did_documents`` (a folder of DID/controller
    documents or a mapping) and ``jwks`` (pinned issuer key sets for VC-JWTs: a
    mapping from the JWKS URL, e.g. ``https://issuer.example/.well-known/jwks.json``, to
    its document).
    ``status_lists`` is a folder of status list credentials (JSON or JWT, each indexed
    by its own ``id``) or a mapping URL -> document/JWT/path.
    ``trust`` lists the issuer ids/DIDs you trust (an iterable or a file, one per line).
    ``online=True`` allows fetching did:web documents, status lists, remote schemas and
    refresh services; without it nothing is fetched.
    """
    options = build_options(now=now, recipient=recipient, resolver=resolver,
                            did_documents=did_documents, jwks=jwks,
                            status_lists=status_lists,
                            trust=trust, online=online, skew_seconds=skew_seconds,
                            limits=limits)
    return verify_with(source, options)


# --- batches ---------------------------------------------------------------------------

_WORKER_OPTIONS: VerifyOptions | None = None


def _init_worker(options: VerifyOptions) -> None:
    global _WORKER_OPTIONS
    _WORKER_OPTIONS = options


def _verify_in_worker(source: Any) -> VerificationReport:
    assert _WORKER_OPTIONS is not None
    return verify_with(source, _WORKER_OPTIONS)


def _picklable(value: Any) -> bool:
    import pickle

    try:
        pickle.dumps(value)
    except Exception:  # any pickling failure means: run in this process
        return False
    return True


def iter_batch(sources: Sequence[Any], options: VerifyOptions, *,
               processes: int | None = None) -> Iterator[VerificationReport]:
    """Reports for ``sources`` as they are ready, in input order, on ``processes`` processes."""
    count = len(sources)
    if processes is None:
        processes = min(os.cpu_count() or 1, 8) if count >= PARALLEL_THRESHOLD else 1
    processes = max(1, min(processes, count or 1))
    if processes == 1 or not _picklable(options.for_pickling()):
        for source in sources:
            yield verify_with(source, options)
        return
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, min(32, count // (processes * 8)))
    with ProcessPoolExecutor(max_workers=processes, initializer=_init_worker,
                             initargs=(options.for_pickling(),)) as pool:
        yield from pool.map(_verify_in_worker, sources, chunksize=chunk)


def verify_batch(sources: Sequence[Any], options: VerifyOptions, *,
                 processes: int | None = None) -> list[VerificationReport]:
    """Verify ``sources`` with built options; the reports in input order."""
    return list(iter_batch(sources, options, processes=processes))


def verify_many(
    sources: Iterable[Any],
    *,
    now: datetime | None = None,
    recipient: str | None = None,
    resolver: Resolver | None = None,
    did_documents: Mapping[str, Any] | PathLike | None = None,
    jwks: Any = None,
    status_lists: Mapping[str, Any] | PathLike | None = None,
    trust: Iterable[str] | PathLike | None = None,
    online: bool = False,
    skew_seconds: float = 300,
    limits: Limits = DEFAULT_LIMITS,
    processes: int | None = None,
) -> list[VerificationReport]:
    """Verify many badges (arguments as :func:`verify`); reports in input order.

    ``processes`` is how many worker processes to use; by default one per core for
    batches of 16 or more, otherwise the calling process.  Status lists and DID
    documents are read once per process and shared by all credentials in the batch.
    """
    options = build_options(now=now, recipient=recipient, resolver=resolver,
                            did_documents=did_documents, jwks=jwks,
                            status_lists=status_lists,
                            trust=trust, online=online, skew_seconds=skew_seconds,
                            limits=limits)
    return verify_batch(list(sources), options, processes=processes)
