"""PNG baking and extraction at chunk level."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

import pytest

from openbadge_kit.bake import bake, png, unbake
from openbadge_kit.errors import (
    AmbiguousCredentialError,
    ImageFormatError,
    InputTooLargeError,
    InvalidInputError,
    NoCredentialFoundError,
)

from .helpers import VECTORS, chunk, itxt, minimal_png, text_chunk

JWS = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl"
CREDENTIAL = {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:uuid:1",
              "type": ["VerifiableCredential", "OpenBadgeCredential"], "name": "Café ]]> 🎓"}


def chunk_types(data: bytes) -> list[bytes]:
    return [c.type for c in png.iter_chunks(memoryview(data))]


def test_bake_writes_one_uncompressed_itxt_right_after_ihdr() -> None:
    source = minimal_png(text_chunk(b"Software", b"x"))
    baked = bake(source, CREDENTIAL)
    chunks = list(png.iter_chunks(memoryview(baked)))
    assert [c.type for c in chunks] == [b"IHDR", b"iTXt", b"tEXt", b"IDAT", b"IEND"]
    carrier = chunks[1]
    data = baked[carrier.data_start:carrier.end - 4]
    text = json.dumps(CREDENTIAL, separators=(",", ":"), ensure_ascii=False)
    assert data == b"openbadgecredential\x00\x00\x00\x00\x00" + text.encode("utf-8")
    # everything else is the source, byte for byte
    assert baked[:carrier.start] + baked[carrier.end:] == source
    extracted = unbake(baked)
    assert extracted.format == "png"
    assert (extracted.payload_kind, extracted.ob_version) == ("json", "3.0")
    assert json.loads(extracted.payload) == CREDENTIAL


def test_rebake_replaces_and_equals_a_fresh_bake() -> None:
    source = minimal_png(chunk(b"tIME", b"\x07\xea\x0b\x1a\x13\x00\x00"))
    first = bake(source, CREDENTIAL)
    second = bake(first, JWS)
    assert chunk_types(second).count(b"iTXt") == 1
    assert second == bake(source, JWS)
    assert unbake(second).payload == JWS
    assert unbake(second).payload_kind == "jwt"


def test_bake_drops_legacy_and_text_carriers() -> None:
    source = minimal_png(itxt(b"openbadges", b'{"uid":"1"}'),
                         text_chunk(b"openbadgecredential", b"{}"),
                         text_chunk(b"Comment", b"kept"))
    with pytest.raises(AmbiguousCredentialError):
        unbake(source)
    baked = bake(source, CREDENTIAL)
    assert chunk_types(baked) == [b"IHDR", b"iTXt", b"tEXt", b"IDAT", b"IEND"]
    assert unbake(baked).ob_version == "3.0"
    assert b"Comment\x00kept" in baked


def test_bytes_after_iend_are_kept() -> None:
    source = minimal_png() + b"trailing"
    assert bake(source, JWS).endswith(chunk(b"IEND", b"") + b"trailing")


def test_bake_from_path_equals_bake_from_bytes(tmp_path: Path) -> None:
    path = tmp_path / "badge.png"
    path.write_bytes(minimal_png())
    assert bake(path, JWS) == bake(minimal_png(), JWS) == bake(str(path), JWS)


def test_clr_credential_goes_into_the_clr_carrier() -> None:
    clr = {"type": ["VerifiableCredential", "ClrCredential"], "id": "urn:clr"}
    extracted = unbake(bake(minimal_png(), clr))
    assert extracted.ob_version == "clr-2.0"
    assert extracted.carrier == "iTXt clrcredential"


def test_clr_jwt_goes_into_the_clr_carrier() -> None:
    import base64

    claims = base64.urlsafe_b64encode(b'{"vc":{"type":["ClrCredential"]}}').rstrip(b"=").decode()
    token = f"eyJhbGciOiJSUzI1NiJ9.{claims}.c2ln"
    assert unbake(bake(minimal_png(), token)).carrier == "iTXt clrcredential"


def test_json_text_is_baked_as_given() -> None:
    text = '{ "id" : "urn:x",\n  "type": ["VerifiableCredential"] }'
    assert unbake(bake(minimal_png(), "  " + text + "\n")).payload == text


@pytest.mark.parametrize("credential", ["not a credential", "[1, 2]", "{bad json}", "a.b"])
def test_bad_credential_text_is_refused(credential: str) -> None:
    with pytest.raises(InvalidInputError):
        bake(minimal_png(), credential)


def test_unserialisable_credential_dict_is_refused() -> None:
    with pytest.raises(InvalidInputError) as info:
        bake(minimal_png(), {"when": {1, 2}})
    assert info.value.code == "credential_invalid"
    with pytest.raises(InvalidInputError):
        bake(minimal_png(), {"n": float("nan")})


def test_oversized_credential_is_refused_before_baking() -> None:
    from openbadge_kit.limits import Limits

    with pytest.raises(InputTooLargeError):
        bake(minimal_png(), {"blob": "x" * 2000}, limits=Limits(max_payload_bytes=1000))


# --- extraction variants ----------------------------------------------------------------------


def test_compressed_itxt_is_accepted_on_input() -> None:
    text = json.dumps(CREDENTIAL)
    extracted = unbake(minimal_png(itxt(b"openbadgecredential", text.encode(), compressed=True)))
    assert extracted.payload == text


def test_text_and_ztxt_carriers_are_accepted_on_input() -> None:
    assert unbake(minimal_png(text_chunk(b"openbadgecredential", JWS.encode()))).payload == JWS
    ztxt = chunk(b"zTXt", b"openbadges\x00\x00" + zlib.compress(b"https://example.org/a/1"))
    extracted = unbake(minimal_png(ztxt))
    assert (extracted.payload_kind, extracted.ob_version) == ("url", "2.0")
    assert extracted.carrier == "zTXt openbadges"


def test_pre_2013_text_url_is_an_ob2_url() -> None:
    extracted = unbake(minimal_png(text_chunk(b"openbadges", b"https://example.org/assertion")))
    assert (extracted.payload_kind, extracted.payload) == ("url", "https://example.org/assertion")
    assert "2.0 badge" in extracted.describe()


def test_ob3_carrier_with_a_url_is_not_a_credential() -> None:
    with pytest.raises(ImageFormatError) as info:
        unbake(minimal_png(itxt(b"openbadgecredential", b"https://example.org/x")))
    assert info.value.code == "payload_unrecognized"


def test_itxt_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(ImageFormatError) as info:
        unbake(minimal_png(itxt(b"openbadgecredential", b'{"name":"\xff"}')))
    assert info.value.code == "payload_invalid_utf8"


def test_similar_keywords_are_not_carriers() -> None:
    for keyword in (b"openbadgecredentials", b"OpenBadgeCredential", b"openbadge"):
        with pytest.raises(NoCredentialFoundError):
            unbake(minimal_png(itxt(keyword, JWS.encode())))


def test_two_carriers_are_ambiguous_whatever_their_kind() -> None:
    cases = [
        (itxt(b"openbadgecredential", b"{}"), itxt(b"openbadgecredential", JWS.encode())),
        (itxt(b"openbadges", b"{}"), itxt(b"openbadgecredential", b"{}")),
        (itxt(b"clrcredential", b"{}"), text_chunk(b"openbadgecredential", b"{}")),
    ]
    for first, second in cases:
        with pytest.raises(AmbiguousCredentialError) as info:
            unbake(minimal_png(first, second))
        assert "2 credential carriers" in str(info.value)


def test_itxt_after_idat_is_found() -> None:
    source = minimal_png()
    iend = source.rindex(b"\x00\x00\x00\x00IEND")
    late = source[:iend] + itxt(b"openbadgecredential", JWS.encode()) + source[iend:]
    assert unbake(late).payload == JWS
    assert chunk_types(bake(late, "{}"))[1] == b"iTXt"


def test_unbaked_vector_bakes_and_keeps_image_data() -> None:
    source = (VECTORS / "ob2-mozilla-openbadges-bakery" / "unbaked.png").read_bytes()
    baked = bake(source, CREDENTIAL)
    assert len(baked) == len(source) + 12 + len(b"openbadgecredential") + 5 + len(
        json.dumps(CREDENTIAL, separators=(",", ":"), ensure_ascii=False).encode())
    idat = [c for c in png.iter_chunks(memoryview(baked)) if c.type == b"IDAT"]
    assert all(baked[c.start:c.end] in source for c in idat)


def test_itxt_chunk_layout_matches_the_spec() -> None:
    raw = png.itxt_chunk(b"openbadgecredential", "x")
    length, ctype = struct.unpack(">I4s", raw[:8])
    assert ctype == b"iTXt"
    assert raw[8:8 + length] == b"openbadgecredential\x00\x00\x00\x00\x00x"
    assert struct.unpack(">I", raw[-4:])[0] == zlib.crc32(raw[4:-4])
