"""``make demo`` end to end: issue, bake, revoke, stack, verify; a re-run issues nothing."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from badge_images import badge_png, badge_svg
from run_demo import run

from openbadge_kit.bake import unbake
from openbadge_kit.issuer.registry import SQLiteRegistry
from openbadge_kit.status.bitstring import decode_bitstring, get_bit
from openbadge_kit.verify import verify

from .conftest import JMG


def _outcomes(out: Path) -> dict[tuple[str, str], str]:
    data = json.loads((out / "summary.json").read_text("utf-8"))
    return {(lr["email"], b["badge"]): b["outcome"]
            for lr in data["learners"] for b in lr["badges"]}


@pytest.mark.slow
def test_demo_issues_stacks_revokes_and_verifies(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "demo-output"
    assert run(out, JMG / "framework.json", JMG / "gradebook.csv") == 0
    printed = capsys.readouterr().out
    assert "every outcome as expected" in printed
    outcomes = _outcomes(out)
    values = list(outcomes.values())
    assert values.count("revoked") == 1 and values.count("issued") == 35
    assert outcomes[("harper@example.org", "Job Search")] == "revoked"
    # the group credential: five complete learners, none of the incomplete ones
    group = {e for (e, b), o in outcomes.items() if b == "Job & Career Ready" and o == "issued"}
    assert group == {f"{n}@example.org" for n in ("avery", "blake", "casey", "dana", "emery")}
    assert outcomes[("finley@example.org", "Job & Career Ready")] == "not-earned"  # 8.5 hours
    assert outcomes[("jules@example.org", "Job & Career Ready")] == "not-earned"  # capstone
    assert outcomes[("harper@example.org", "Job & Career Ready")] == "not-earned"  # revoked

    badge = out / "badges" / "avery"
    credential = json.loads((badge / "professionalism.json").read_text("utf-8"))
    subject = credential["credentialSubject"]
    descriptions = {d["id"]: d for d in subject["achievement"]["resultDescription"]}
    levels = {lv["id"]: lv["name"] for d in descriptions.values()
              for lv in d.get("rubricCriterionLevel", [])}
    rubric = [r for r in subject["result"] if "achievedLevel" in r]
    assert len(rubric) == 4 and {levels[r["achievedLevel"]] for r in rubric} == {"Complete"}
    hours = [r for r in subject["result"] if "value" in r]
    assert hours[0]["value"] == "2.5"
    assert descriptions[hours[0]["resultDescription"]]["name"] == "Hours of employer engagement"
    for suffix in ("png", "svg"):  # baked images carry the same credential
        extracted = unbake((badge / f"professionalism.{suffix}").read_bytes())
        assert json.loads(extracted.payload) == credential
    parent = json.loads((badge / "job-career-ready.json").read_text("utf-8"))
    assert {e["id"] for e in parent["evidence"]} == {
        json.loads((badge / f"{m}.json").read_text("utf-8"))["id"]
        for m in ("professionalism", "career-exploration", "job-search")}
    assert verify(parent, status_lists=out / "status", recipient="avery@example.org").verified

    status = json.loads((out / "status" / "1.json").read_text("utf-8"))
    bits = decode_bitstring(status["credentialSubject"]["encodedList"])
    revoked = json.loads((out / "badges" / "harper" / "job-search.json").read_text("utf-8"))
    assert get_bit(bits, int(revoked["credentialStatus"]["statusListIndex"])) == 1
    assert sum(bin(b).count("1") for b in bits) == 1

    registry = SQLiteRegistry(out / "registry.db")
    count = registry.count()
    registry.close()
    assert count == 36  # 30 micro-credentials, the revoked one, 5 group credentials

    # a re-run issues nothing twice
    mtime = (badge / "professionalism.png").stat().st_mtime_ns
    assert run(out, JMG / "framework.json", JMG / "gradebook.csv") == 0
    again = _outcomes(out)
    assert list(again.values()).count("issued") == 0
    assert list(again.values()).count("already-held") == 35
    registry = SQLiteRegistry(out / "registry.db")
    assert registry.count() == count and registry.check() == []
    registry.close()
    assert (badge / "professionalism.png").stat().st_mtime_ns == mtime


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert zlib.crc32(kind + body) == crc
        chunks.append((kind, body))
        pos += 12 + length
    return chunks


def test_generated_png_is_a_well_formed_medal() -> None:
    data = badge_png("#1f6feb", size=64)
    chunks = _png_chunks(data)
    assert [k for k, _ in chunks] == [b"IHDR", b"IDAT", b"IEND"]
    width, height, depth, colour = struct.unpack(">IIBB", chunks[0][1][:10])
    assert (width, height, depth, colour) == (64, 64, 8, 6)
    raw = zlib.decompress(chunks[1][1])
    assert len(raw) == 64 * (1 + 64 * 4)
    row = raw[32 * 257 + 1:33 * 257]  # middle row
    pixels = [tuple(row[i:i + 4]) for i in range(0, len(row), 4)]
    assert pixels[0][3] == 0  # transparent corner
    assert pixels[32][3] == 255 and pixels[32][2] > pixels[32][0]  # blue, opaque centre
    with pytest.raises(ValueError):
        badge_png("blue")


def test_svg_escapes_the_name() -> None:
    svg: Any = badge_svg('Job & Career <Ready> "x"', "#d4a72c").decode()
    assert "<Ready>" not in svg and "&lt;Ready&gt;" in svg and "&amp;" in svg
