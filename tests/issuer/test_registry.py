"""The issuance registry, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

from typing import Any

import pytest

from openbadge_kit.errors import RegistryError, StatusListError
from openbadge_kit.issuer.registry import IssuanceRecord, Registry, open_registry

from .conftest import LIST_URL


def _record(n: int, index: int | None, *, once: str | None = None,
            list_id: str | None = LIST_URL) -> IssuanceRecord:
    credential: dict[str, Any] = {"id": f"urn:uuid:00000000-0000-4000-8000-{n:012d}"}
    if index is not None:
        credential["credentialStatus"] = {"statusListCredential": list_id,
                                          "statusListIndex": str(index)}
    return IssuanceRecord(
        credential_id=credential["id"], kind="achievement",
        achievement_id="https://badges.example.edu/achievements/1", recipient_ref=f"r{n}",
        identity_hash=None, issued_at="2026-01-01T00:00:00Z",
        list_id=list_id if index is not None else None, status_index=index,
        once_key=once, credential=credential)


def test_allocations_are_distinct_random_and_in_range(registry: Registry) -> None:
    registry.ensure_list(LIST_URL, size=1024)
    first = registry.allocate(LIST_URL, 300)
    second = registry.allocate(LIST_URL, 300)
    every = first + second
    assert len(set(every)) == 600
    assert all(0 <= i < 1024 for i in every)
    assert every != sorted(every)  # random, not sequential
    assert registry.get_list(LIST_URL).allocated == 600


def test_a_dense_list_fills_exactly_then_refuses(registry: Registry) -> None:
    registry.ensure_list(LIST_URL, size=64)
    got = registry.allocate(LIST_URL, 40) + registry.allocate(LIST_URL, 24)
    assert sorted(got) == list(range(64))
    with pytest.raises(StatusListError) as info:
        registry.allocate(LIST_URL, 1)
    assert info.value.code == "status_list_full"


def test_list_definition_conflicts_are_refused(registry: Registry) -> None:
    registry.ensure_list(LIST_URL)
    assert registry.ensure_list(LIST_URL).size == 131_072  # idempotent
    with pytest.raises(StatusListError):
        registry.ensure_list(LIST_URL, purpose="suspension")
    with pytest.raises(StatusListError):
        registry.ensure_list("https://x.example/2", size=100)
    with pytest.raises(StatusListError):
        registry.ensure_list("https://x.example/3", purpose="refresh")


def test_record_is_all_or_nothing(registry: Registry) -> None:
    registry.ensure_list(LIST_URL)
    a, b = registry.allocate(LIST_URL, 2)
    unallocated = next(i for i in range(100) if i not in (a, b))
    with pytest.raises(RegistryError) as info:
        registry.record([_record(1, a), _record(2, unallocated)])
    assert info.value.code == "registry_index_unallocated"
    assert registry.count() == 0
    # the same index twice in one batch: the second row violates the unique index
    with pytest.raises(RegistryError):
        registry.record([_record(1, a), _record(2, a)])
    assert registry.count() == 0
    registry.record([_record(1, a), _record(2, b)])
    assert registry.count() == 2
    assert registry.check() == []


def test_once_key_keeps_the_first_credential(registry: Registry) -> None:
    registry.ensure_list(LIST_URL)
    a, b = registry.allocate(LIST_URL, 2)
    first = registry.record([_record(1, a, once="k")])
    again = registry.record([_record(2, b, once="k")])
    assert first[0].recorded and not again[0].recorded
    assert again[0].existing is not None
    assert again[0].existing.credential_id == first[0].credential_id
    assert registry.count() == 1


def test_status_changes_and_history(registry: Registry) -> None:
    registry.ensure_list(LIST_URL)
    registry.ensure_list("https://x.example/susp", purpose="suspension")
    (a,) = registry.allocate(LIST_URL, 1)
    (s,) = registry.allocate("https://x.example/susp", 1)
    registry.record([_record(1, a), _record(2, s, list_id="https://x.example/susp")])
    rid, sid = _record(1, a).credential_id, _record(2, s).credential_id

    with pytest.raises(StatusListError) as info:
        registry.set_status(rid, "suspended")
    assert info.value.code == "status_not_suspendable"
    revoked = registry.set_status(rid, "revoked", "issued in error")
    assert (revoked.status, revoked.reason) == ("revoked", "issued in error")
    assert registry.set_bits(LIST_URL) == [a]
    with pytest.raises(RegistryError) as info2:
        registry.set_status(rid, "active")
    assert info2.value.code == "credential_revoked"

    registry.set_status(sid, "suspended", "under review")
    assert registry.set_bits("https://x.example/susp") == [s]
    registry.set_status(sid, "active", "cleared")
    assert registry.set_bits("https://x.example/susp") == []
    assert [e[1] for e in registry.events(sid)] == ["issued", "suspended", "active"]
    assert registry.events(sid)[1][2] == "under review"

    with pytest.raises(RegistryError) as info3:
        registry.set_status("urn:uuid:nope", "revoked")
    assert info3.value.code == "credential_unknown"


def test_check_reports_tampered_rows(registry: Registry) -> None:
    registry.ensure_list(LIST_URL)
    (a,) = registry.allocate(LIST_URL, 1)
    rec = _record(1, a)
    rec.credential = {"id": rec.credential_id,
                      "credentialStatus": {"statusListCredential": LIST_URL,
                                           "statusListIndex": str(a + 1)}}
    registry.record([rec])
    problems = registry.check()
    assert len(problems) == 1 and "does not match" in problems[0]


def test_find_filters(registry: Registry) -> None:
    registry.record([_record(1, None), _record(2, None)])
    assert [r.recipient_ref for r in registry.find(recipient_ref="r2")] == ["r2"]
    assert len(registry.find(achievement_id="https://badges.example.edu/achievements/1")) == 2
    assert registry.find(status="revoked") == []


def test_open_registry_picks_the_engine(tmp_path: Any) -> None:
    reg = open_registry(tmp_path / "sub" / "r.db")
    assert type(reg).__name__ == "SQLiteRegistry"
    assert reg.count() == 0
    reg.close()
    with pytest.raises(RegistryError) as info:
        open_registry("/proc/definitely/not/writable.db")
    assert info.value.code == "registry_unavailable"


def test_unreachable_postgres_is_a_registry_error() -> None:
    with pytest.raises(RegistryError) as info:
        open_registry("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")
    assert info.value.code == "registry_unavailable"


def test_a_file_that_is_not_a_database_is_a_registry_error(tmp_path: Any) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not an SQLite database, just some text" * 100)
    with pytest.raises(RegistryError) as info:
        open_registry(junk)
    assert info.value.code == "registry_unavailable"
