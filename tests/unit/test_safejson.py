"""Strict JSON parsing of untrusted input."""

import pytest

from openbadge_kit import safejson
from openbadge_kit.errors import InputTooLargeError, InvalidInputError
from openbadge_kit.limits import Limits


def test_parses_plain_json_and_strips_bom() -> None:
    assert safejson.loads(b'\xef\xbb\xbf{"a": [1, 2.5, "x"]}') == {"a": [1, 2.5, "x"]}


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b'{"a": 1, "a": 2}', "json_duplicate_key"),
        (b"[NaN]", "json_invalid"),
        (b"[Infinity]", "json_invalid"),
        (b'{"a": \xff}', "json_invalid_utf8"),
        ('["\\ud800"]', "json_invalid_unicode"),
        (b'{"a": "\\uDBFF"}', "json_invalid_unicode"),
        ('["\ud800"]', "json_invalid_unicode"),
        (b'{"a": }', "json_invalid"),
        (b"[" * 65 + b"]" * 65, "json_too_deep"),
        (b"[" * 100_000 + b"]" * 100_000, "json_too_deep"),
    ],
)
def test_refuses_hostile_json(data: bytes | str, code: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        safejson.loads(data)
    assert info.value.code == code


def test_size_limit_is_checked_before_parsing() -> None:
    with pytest.raises(InputTooLargeError):
        safejson.loads(b" " * 101 + b"{}", limits=Limits(max_json_bytes=100))


def test_depth_limit_is_configurable() -> None:
    deep = b"[" * 10 + b"]" * 10
    assert safejson.loads(deep, limits=Limits(max_json_depth=10)) is not None
    with pytest.raises(InputTooLargeError):
        safejson.loads(deep, limits=Limits(max_json_depth=9))


def test_escaped_surrogate_pairs_are_fine() -> None:
    assert safejson.loads(b'["\\ud83d\\ude00"]') == ["\U0001f600"]


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    text = '{"a": "' + "[" * 500 + '"}'
    assert safejson.loads(text) == {"a": "[" * 500}
