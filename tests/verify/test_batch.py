"""Batches on several processes: the same reports as one process, in input order.

``iter_batch`` forks its workers on Linux (they inherit the batch; tasks are index
ranges) and spawns them elsewhere (tasks carry their sources); both are run here, on
every kind of source, against the one-process reports.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
from pathlib import Path
from typing import Any

import pytest

from openbadge_kit.bake import bake
from openbadge_kit.keys.resolvers import default_resolver
from openbadge_kit.proofs import vc_jwt
from openbadge_kit.verify import api
from openbadge_kit.verify.api import iter_batch, verify_batch
from openbadge_kit.verify.options import VerifyOptions, build_options

from ..bake.helpers import minimal_png
from .helpers import (
    ALICE,
    ISSUER,
    LIST_URL,
    NOW,
    credential,
    endorsement,
    hashed_identifier,
    signed,
    status_entry,
    status_list,
    tampered,
)


def _badge(i: int) -> dict[str, Any]:
    """A signed badge of its own: id, status index, recipient; some revoked or endorsed."""
    doc = credential(id=f"urn:uuid:8c3a3b1e-2a4c-4d0e-9a55-{i:012d}",
                     credentialStatus=status_entry(i))
    subject = doc["credentialSubject"]
    subject["identifier"] = [hashed_identifier()] if i % 2 else []
    if i % 7 == 3:
        doc["endorsement"] = [endorsement(doc["id"], eid=f"urn:uuid:e-{i}")]
    return signed(doc)


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    """Every kind of source, good and bad, more than a few tasks' worth."""
    folder = tmp_path_factory.mktemp("batch")
    out: list[Any] = []
    for i in range(48):
        doc = _badge(i)
        kind = i % 8
        if kind == 0:
            out.append(doc)
        elif kind == 1:
            out.append(json.dumps(doc))
        elif kind == 2:
            out.append(json.dumps(doc).encode())
        elif kind == 3:
            path = folder / f"badge-{i}.json"
            path.write_text(json.dumps(doc))
            out.append(path)
        elif kind == 4:
            path = folder / f"badge-{i}.png"
            path.write_bytes(bake(minimal_png(), doc))
            out.append(str(path))
        elif kind == 5:
            out.append(vc_jwt.sign(doc, ISSUER))
        elif kind == 6:
            out.append(tampered(doc))
        else:
            out.append(bake(minimal_png(), doc))
    out[10:10] = [b"garbage", b"", "not a badge", {"@context": []}]
    return out


def _options() -> VerifyOptions:
    return build_options(now=NOW, recipient=ALICE,
                         status_lists={LIST_URL: status_list((5, 13, 21))})


@pytest.fixture(scope="module")
def serial(sources: list[Any]) -> list[Any]:
    return verify_batch(sources, _options(), processes=1)


def _same(reports: list[Any], serial: list[Any]) -> None:
    assert len(reports) == len(serial)
    assert [r.to_dict() for r in reports] == [r.to_dict() for r in serial]
    assert [r.to_text() for r in reports] == [r.to_text() for r in serial]
    assert reports == serial  # every field: checks, summary, endorsements, credential


def test_the_batch_is_varied(serial: list[Any]) -> None:
    verdicts = [r.verified for r in serial]
    assert True in verdicts and False in verdicts
    assert {r.summary.format for r in serial} >= {"json", "png", "jwt"}
    assert any(r.endorsements for r in serial)
    assert any(c.code == "status.revoked" for r in serial for c in r.checks)


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_two_processes_give_the_reports_of_one_in_input_order(
        method: str, sources: list[Any], serial: list[Any],
        monkeypatch: pytest.MonkeyPatch) -> None:
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} here")
    monkeypatch.setattr(api, "_start_method", lambda: method)
    _same(verify_batch(sources, _options(), processes=2), serial)


def test_fork_is_the_start_method_on_linux_single_threaded() -> None:
    import sys
    import threading

    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        pytest.skip("fork is used on Linux while one thread runs")
    assert api._start_method() == "fork"


def test_three_processes_and_the_default_count_agree_too(sources: list[Any],
                                                        serial: list[Any]) -> None:
    _same(verify_batch(sources, _options(), processes=3), serial)
    _same(verify_batch(sources, _options()), serial)


class _Unpicklable:
    """A caller's resolver that cannot be pickled (it holds a lambda)."""

    def __init__(self) -> None:
        self.inner = default_resolver()
        self.hook = lambda method_id: method_id

    def resolve(self, method_id: str) -> Any:
        return self.inner.resolve(self.hook(method_id))


def test_an_unpicklable_resolver_is_inherited_by_fork_and_runs_serially_with_spawn(
        sources: list[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    def options() -> VerifyOptions:
        built = _options()
        built.resolver = _Unpicklable()
        return built

    serial = verify_batch(sources, options(), processes=1)
    assert any(r.verified for r in serial)

    if "fork" in multiprocessing.get_all_start_methods():
        monkeypatch.setattr(api, "_start_method", lambda: "fork")
        _same(verify_batch(sources, options(), processes=2), serial)

    def no_pool(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a pool was started for options that cannot be sent to it")

    import concurrent.futures

    monkeypatch.setattr(api, "_start_method", lambda: "spawn")
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    _same(verify_batch(sources, options(), processes=2), serial)


def test_closing_the_iterator_early_stops_the_workers(sources: list[Any],
                                                      serial: list[Any]) -> None:
    batch = iter_batch(sources, _options(), processes=2)
    assert next(batch) == serial[0]
    assert next(batch) == serial[1]
    batch.close()
    assert multiprocessing.active_children() == []
    # the collector is as it was: enabled, nothing left frozen
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_collector_the_caller_froze_or_disabled_is_left_so(
        sources: list[Any], serial: list[Any]) -> None:
    gc.disable()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        _same(verify_batch(sources, _options(), processes=2), serial)
        assert not gc.isenabled() and gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()
        gc.enable()


@pytest.mark.parametrize("count", [1, 2, 5, 17, 100, 1000, 10_000])
@pytest.mark.parametrize("processes", [2, 3, 8])
def test_chunks_cover_the_batch_in_order_and_shrink_towards_the_end(
        count: int, processes: int) -> None:
    for start in (0, 1):
        ranges = api._chunks(start, count, processes)
        assert [i for a, b in ranges for i in range(a, b)] == list(range(start, count))
        sizes = [b - a for a, b in ranges]
        assert all(size <= api.MAX_CHUNK for size in sizes)
        assert all(size >= api.MIN_CHUNK for size in sizes[:-1])
        assert sizes == sorted(sizes, reverse=True)


def test_a_small_batch_runs_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import concurrent.futures

    def no_pool(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a pool was started for a small batch")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    doc = signed(credential())
    options = build_options(now=NOW)
    reports = verify_batch([doc] * (api.PARALLEL_THRESHOLD - 1), options)
    assert [r.verified for r in reports] == [True] * (api.PARALLEL_THRESHOLD - 1)
    assert verify_batch([], options, processes=4) == []
    assert [r.verified for r in verify_batch([doc], options, processes=4)] == [True]


def test_report_paths_are_the_sources_as_given(sources: list[Any], serial: list[Any]) -> None:
    labelled = [(s, r.source) for s, r in zip(sources, serial, strict=True)
                if isinstance(s, (str, Path)) and r.source is not None]
    assert labelled and all(str(s) == label for s, label in labelled)


@pytest.mark.parametrize("processes", [1, 2])
def test_verify_batch_freezes_the_reports_it_holds_and_gives_them_back(
        processes: int, sources: list[Any], serial: list[Any],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "FREEZE_EVERY", 3)
    seen: list[int] = []
    real_freeze = gc.freeze

    def freeze() -> None:
        seen.append(gc.get_freeze_count())
        real_freeze()

    monkeypatch.setattr(gc, "freeze", freeze)
    _same(verify_batch(sources, _options(), processes=processes), serial)
    assert len(seen) >= len(sources) // 3
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_verify_batch_gives_frozen_reports_back_when_it_fails(
        sources: list[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "FREEZE_EVERY", 2)
    real = api.verify_with
    calls: list[int] = []

    def failing(source: Any, options: VerifyOptions) -> Any:
        calls.append(1)
        if len(calls) == 7:
            raise RuntimeError("stop")
        return real(source, options)

    monkeypatch.setattr(api, "verify_with", failing)
    with pytest.raises(RuntimeError):
        verify_batch(sources, _options(), processes=1)
    assert gc.get_freeze_count() == 0
