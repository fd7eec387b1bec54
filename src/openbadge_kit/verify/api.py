"""The public verification API: :func:`verify` one badge, :func:`verify_many` a batch.

Neither raises on a hostile credential: every problem is a check result in the
:class:`~openbadge_kit.verify.report.VerificationReport`.  Only a mistake in the
caller's own settings (a ``now`` without a time zone, a status folder that does not
exist) raises :class:`~openbadge_kit.errors.InvalidInputError`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from ..keys.base import Resolver
from ..limits import DEFAULT_LIMITS, Limits
from .options import PathLike, VerifyOptions, build_options
from .pipeline import verify_state
from .report import VerificationReport


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
#
# A batch on several processes (issue #7).  What a second process costs, and how it is
# kept small:
# * sources are not sent per task: on Linux the workers are forked after the batch is
#   known and inherit it (and the options), so a task is an index range and the parent
#   neither reads nor pickles a source; elsewhere (spawn) a task carries its slice;
# * the parent verifies the first source before forking, so imports, compiled contexts,
#   schema validators and the status lists it names are built, read and verified once
#   and inherited instead of once per worker;
# * the parent's objects are frozen out of the garbage collector across the fork
#   (``gc.freeze``): otherwise every collection in a worker walks, and so copies, the
#   inherited heap page by page;
# * this process verifies too: it takes the next range whenever it would wait for
#   reports.  Otherwise, with a worker per core, it competes with them for a core while
#   it unpickles their reports; now it unpickles only the workers' share;
# * the workers do not wait on this process while it verifies: three ranges per worker
#   in hand, a result pipe that holds a few chunks' reports, and (verify_batch) no full
#   collections over the reports already received;
# * ranges shrink towards the end of the batch (guided scheduling): large ones first
#   (few round trips), small ones last, so all processes finish together.

#: below this many sources a batch runs in the calling process (start-up costs more)
PARALLEL_THRESHOLD = 32  # below this, starting a worker (10-15 ms) costs more than it saves
#: bounds of a task's size in sources: enough to amortise a round trip (~0.1 ms), small
#: enough at the end that no worker idles long while another finishes
MIN_CHUNK, MAX_CHUNK = 4, 64

#: in a worker: the batch (None when tasks carry their own slice) and its options
_WORKER: tuple[Sequence[Any] | None, VerifyOptions] | None = None


def _init_worker(options: VerifyOptions, sources: Sequence[Any] | None) -> None:
    global _WORKER
    _WORKER = (sources, options)


def _verify_chunk(start: int, stop: int, chunk: Sequence[Any] | None) -> bytes:
    """In a worker: the reports of ``sources[start:stop]`` (or of ``chunk``), pickled."""
    import pickle

    assert _WORKER is not None
    sources, options = _WORKER
    if chunk is None:
        assert sources is not None
        chunk = sources[start:stop]
    return pickle.dumps([verify_with(source, options) for source in chunk],
                        protocol=pickle.HIGHEST_PROTOCOL)


def _load_reports(data: bytes) -> list[VerificationReport]:
    """A worker's reports, unpickled with the garbage collector paused.

    Reports hold no reference cycles.  Collecting while a chunk is built (every 700
    objects) promotes the batch's reports generation by generation and brings on full
    collections, each walking every report received so far; paused, a chunk goes through
    one young collection.
    """
    import gc
    import pickle

    enabled = gc.isenabled()
    gc.disable()
    try:
        reports: list[VerificationReport] = pickle.loads(data)  # noqa: S301 (our worker)
    finally:
        if enabled:
            gc.enable()
    return reports


def _widen_result_pipe(pool: Any) -> None:
    """Let the pool's result pipe hold a few chunks' reports (Linux; best effort).

    A chunk's reports (~350 KB for 64) do not fit the default 64 KB pipe, so a worker
    blocked writing them until this process read them, which waits for this process's
    threads to get the interpreter lock between its own verifications (up to 5 ms a
    turn): ~4% of the worker's time.  1 MiB is the unprivileged maximum.
    """
    try:
        import fcntl

        fcntl.fcntl(pool._result_queue._reader.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):  # not Linux, or pool internals moved
        pass


def _picklable(value: Any) -> bool:
    import pickle

    try:
        pickle.dumps(value)
    except Exception:  # any pickling failure means: run in this process
        return False
    return True


def _default_processes(count: int) -> int:
    if count < PARALLEL_THRESHOLD:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))  # the cores this process may run on
    except AttributeError:  # not on every platform
        cores = os.cpu_count() or 1
    return min(cores, 8)


def _chunks(start: int, count: int, processes: int) -> list[tuple[int, int]]:
    """Index ranges covering ``start..count``, in order, shrinking towards the end."""
    ranges = []
    while start < count:
        size = max(MIN_CHUNK, min(MAX_CHUNK, -(-(count - start) // (4 * processes))))
        ranges.append((start, min(count, start + size)))
        start += size
    return ranges


def _start_method() -> str:
    """``fork`` on Linux while only this thread runs (workers inherit the batch), else spawn."""
    import multiprocessing
    import threading

    if sys.platform.startswith("linux") and threading.active_count() == 1 \
            and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


def iter_batch(sources: Sequence[Any], options: VerifyOptions, *,
               processes: int | None = None) -> Iterator[VerificationReport]:
    """Reports for ``sources`` as they are ready, in input order, on ``processes`` processes.

    ``processes`` counts this one: it verifies ranges of the batch itself while
    ``processes - 1`` workers verify the others.
    """
    count = len(sources)
    if processes is None:
        processes = _default_processes(count)
    processes = max(1, min(processes, count or 1))
    worker_options = options.for_pickling()
    method = _start_method() if processes > 1 else ""
    if processes == 1 or (method != "fork" and not _picklable(worker_options)):
        for source in sources:
            yield verify_with(source, options)
        return
    forking = method == "fork"
    # before forking, verify the first source here: what it builds (imports, compiled
    # contexts, schema validators) the workers inherit instead of building it each
    first = [verify_with(sources[0], options)] if forking else []
    ranges = _chunks(len(first), count, processes)
    yield from _run_ranges(sources, options, ranges, min(processes - 1, len(ranges)),
                           method, worker_options, first)


def _run_ranges(sources: Sequence[Any], options: VerifyOptions,
                ranges: list[tuple[int, int]], workers: int, method: str,
                worker_options: VerifyOptions,
                first: list[VerificationReport]) -> Iterator[VerificationReport]:
    """``first``, then the reports of ``ranges`` in order, verified by ``workers``
    processes and this one.

    Ranges go out in order, to the pool while it has fewer than three per worker in hand,
    otherwise to this process whenever it would wait for the next range's reports.
    """
    import gc
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    forking = method == "fork"
    # forked workers inherit the options as they are, with the resolver and the status
    # lists this process has already read and verified; spawned ones get a clean copy
    pool = ProcessPoolExecutor(max_workers=workers,
                               mp_context=multiprocessing.get_context(method),
                               initializer=_init_worker,
                               initargs=(options, sources) if forking else
                               (worker_options, None))
    _widen_result_pipe(pool)
    futures: dict[int, Future[bytes]] = {}
    own: dict[int, list[VerificationReport]] = {}
    given = 0  # ranges[:given] have gone to the pool or been verified here

    def feed() -> None:
        nonlocal given
        while given < len(ranges) and sum(not f.done() for f in futures.values()) < 3 * workers:
            start, stop = ranges[given]
            chunk = None if forking else sources[start:stop]
            futures[given] = pool.submit(_verify_chunk, start, stop, chunk)
            given += 1

    try:
        # the workers start (fork) at the first submit.  Frozen, the objects of this
        # process stay out of the workers' collections, which would otherwise write to
        # (and so copy) every page of the inherited heap; a caller who froze objects
        # themselves manages the collector, and is left to it
        freeze = forking and gc.get_freeze_count() == 0
        if freeze:
            gc.freeze()
        try:
            feed()
        finally:
            if freeze:
                gc.unfreeze()
        yield from first
        for index in range(len(ranges)):
            while index not in own and not (index in futures and futures[index].done()):
                if given == len(ranges):
                    futures[index].result()  # nothing left to do here: wait
                    break
                start, stop = ranges[given]
                own[given] = [verify_with(source, options) for source in sources[start:stop]]
                given += 1
                feed()
            reports = own.pop(index) if index in own else \
                _load_reports(futures.pop(index).result())
            feed()
            yield from reports
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


#: verify_batch moves the reports it holds out of the collector's sight this often
FREEZE_EVERY = 256


def verify_batch(sources: Sequence[Any], options: VerifyOptions, *,
                 processes: int | None = None) -> list[VerificationReport]:
    """Verify ``sources`` with built options; the reports in input order.

    The reports kept so far are frozen out of the garbage collector (``gc.freeze``)
    every :data:`FREEZE_EVERY` reports and given back to it (``gc.unfreeze``) at the end.
    Each full collection walks every object alive, and a growing list of reports brings
    one on at every 25% of growth: at 10,000 reports (~a million objects) those walks
    cost ~0.1 ms per report and, in the process that also feeds the workers, pauses of
    0.1-0.3 s in which the workers run dry.  Nothing else changes: objects created in
    between are collected as usual, and what is frozen is only collected later.  A
    caller who froze objects themselves manages the collector, and is left to it.
    """
    import gc

    batch = iter_batch(sources, options, processes=processes)
    if gc.get_freeze_count():
        return list(batch)
    reports: list[VerificationReport] = []
    try:
        for report in batch:
            reports.append(report)
            if len(reports) % FREEZE_EVERY == 0:
                gc.freeze()
    finally:
        gc.unfreeze()
    return reports


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

    ``processes`` is how many processes verify: the calling one and ``processes - 1``
    workers; by default one per core (at most 8) for batches of 32 or more, otherwise
    the calling process alone.  Status lists and DID documents are read once per process
    and shared by all credentials in the batch.
    """
    options = build_options(now=now, recipient=recipient, resolver=resolver,
                            did_documents=did_documents, jwks=jwks,
                            status_lists=status_lists,
                            trust=trust, online=online, skew_seconds=skew_seconds,
                            limits=limits)
    return verify_batch(list(sources), options, processes=processes)
