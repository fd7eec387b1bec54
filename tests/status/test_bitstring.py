"""The status-list bitstring codec against the collected third-party lists."""

from __future__ import annotations

import base64
import gzip
import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openbadge_kit.errors import StatusListError
from openbadge_kit.limits import DEFAULT_LIMITS
from openbadge_kit.status.bitstring import (
    MIN_LIST_BITS,
    decode_bitstring,
    encode_bitstring,
    get_bit,
    set_bit,
)

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
RESOURCES = json.loads((VECTORS / "offline-resources.json").read_text("utf-8"))

#: lists whose encodedList is decodable, with the bits the collector recorded as set
DECODABLE = [
    (url, entry["file"], entry["setBits"])
    for url, entry in RESOURCES["statusLists"].items()
    if entry["setBits"] is not None
]


def _encoded_list(file: str) -> str:
    credential = json.loads((VECTORS / file).read_text("utf-8"))
    encoded: str = credential["credentialSubject"]["encodedList"]
    return encoded


def _set_bits(bits: bytes) -> list[int]:
    return [i for i in range(len(bits) * 8) if get_bit(bits, i)]


@pytest.mark.parametrize(("url", "file", "set_bits"), DECODABLE, ids=[d[1] for d in DECODABLE])
def test_vector_lists_decode_to_the_recorded_bits(url: str, file: str, set_bits: list[int]) -> None:
    # the codec does not enforce the 131,072-bit minimum: the DCC lists hold 100,000
    # bits, and whether that is an error is the verifier's call
    bits = decode_bitstring(_encoded_list(file))
    assert len(bits) in (12_500, 16_384)
    assert _set_bits(bits) == set_bits


def test_1edtech_testlist_revokes_index_23_only() -> None:
    bits = decode_bitstring(
        _encoded_list("1edtech-dc-public-validator/ob30/bit-string-list/testlist.json")
    )
    assert get_bit(bits, 23) == 1
    assert get_bit(bits, 22) == 0 and get_bit(bits, 24) == 0


def test_statuslist2021_without_multibase_prefix_decodes() -> None:
    encoded = _encoded_list("dcc-learner-credential-wallet/status/JWZM3H8WKU.json")
    assert not encoded.startswith("u")
    bits = decode_bitstring(encoded)
    # MSB-first reading (NOTES 5.4): index 4 set, index 2 (the mock credential) clear
    assert get_bit(bits, 4) == 1
    assert get_bit(bits, 2) == 0


def test_spec_example_is_16_kib_of_zeros() -> None:
    bits = decode_bitstring("uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA")
    assert bits == bytes(16_384)


def test_tampered_vector_list_is_a_status_list_error() -> None:
    encoded = _encoded_list(
        "dcc-vc-test-fixtures/statusLists/didkey-ed25519Signature2020/tampered.json"
    )
    with pytest.raises(StatusListError) as info:
        decode_bitstring(encoded)
    assert info.value.code == "status_list_encoding"


def test_encoding_is_multibase_and_deterministic() -> None:
    bits = bytearray(MIN_LIST_BITS // 8)
    set_bit(bits, 23)
    encoded = encode_bitstring(bytes(bits))
    assert encoded.startswith("uH4sI")
    assert "=" not in encoded
    assert encode_bitstring(bytes(bits)) == encoded
    assert decode_bitstring(encoded) == bytes(bits)


def test_padded_standard_alphabet_is_tolerated() -> None:
    raw = bytes([0b10000000]) + bytes(15)
    text = base64.b64encode(gzip.compress(raw)).decode()
    assert decode_bitstring(text) == raw


def test_zip_bomb_is_refused_without_inflating_it() -> None:
    bomb = encode_bitstring(bytes(64 * 1024 * 1024))  # 64 MiB of zeros, ~64 KiB encoded
    with pytest.raises(StatusListError) as info:
        decode_bitstring(bomb)
    assert info.value.code == "status_list_too_large"
    small = replace(DEFAULT_LIMITS, max_status_list_bytes=1024)
    with pytest.raises(StatusListError):
        decode_bitstring(encode_bitstring(bytes(2048)), limits=small)
    assert decode_bitstring(encode_bitstring(bytes(1024)), limits=small) == bytes(1024)


@pytest.mark.parametrize(
    "bad",
    ["", "u", "u!!!!", "uAAAA", "not base64 at all", "uH4sIAAAAAAAAA", "A"],
)
def test_garbage_is_a_status_list_error(bad: str) -> None:
    with pytest.raises(StatusListError):
        decode_bitstring(bad)


def test_non_string_and_trailing_data_are_refused() -> None:
    with pytest.raises(StatusListError):
        decode_bitstring(b"uH4sI")  # type: ignore[arg-type]
    packed = gzip.compress(bytes(16)) + b"junk"
    with pytest.raises(StatusListError):
        decode_bitstring("u" + base64.urlsafe_b64encode(packed).decode().rstrip("="))


def test_bit_order_is_msb_first() -> None:
    bits = bytes([0b01000000, 0b00000001])
    assert get_bit(bits, 1) == 1
    assert get_bit(bits, 15) == 1
    assert [get_bit(bits, i) for i in range(16)].count(1) == 2
    # two-bit entries read left to right: entry 0 = bits 0,1 = 0b01
    assert get_bit(bits, 0, size=2) == 0b01
    assert get_bit(bits, 7, size=2) == 0b01


def test_out_of_range_and_bad_sizes() -> None:
    bits = bytes(2)
    for index, size in [(16, 1), (-1, 1), (8, 2)]:
        with pytest.raises(StatusListError) as info:
            get_bit(bits, index, size)
        assert info.value.code == "status_list_range"
    with pytest.raises(StatusListError):
        get_bit(bits, 0, size=0)
    with pytest.raises(StatusListError):
        set_bit(bytearray(2), 0, value=4, size=2)


@given(st.binary(min_size=1, max_size=512), st.data())
def test_round_trip_and_set_bit(raw: bytes, data: st.DataObject) -> None:
    assert decode_bitstring(encode_bitstring(raw)) == raw
    size = data.draw(st.sampled_from([1, 2, 4, 8]))
    entries = len(raw) * 8 // size
    index = data.draw(st.integers(0, entries - 1))
    value = data.draw(st.integers(0, (1 << size) - 1))
    bits = bytearray(raw)
    set_bit(bits, index, value, size)
    assert get_bit(bits, index, size) == value
    # no other entry changed
    for other in range(entries):
        if other != index:
            assert get_bit(bits, other, size) == get_bit(raw, other, size)
