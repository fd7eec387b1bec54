"""Canonical N-Quads term writing (RDFC-1.0 escapes) and the strict parser."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openbadge_kit.errors import InvalidInputError
from openbadge_kit.jsonld.nquads import (
    escape_string,
    iri,
    literal,
    parse_nquads,
    serialize,
    serialize_quad,
)

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("\b\t\n\f\r", "\\b\\t\\n\\f\\r"),
        ('"\\', '\\"\\\\'),
        ("\x00\x07\x0b\x0e\x1f\x7f", "\\u0000\\u0007\\u000B\\u000E\\u001F\\u007F"),
        ("\ufffe\uffff", "\\uFFFE\\uFFFF"),
        ("é—中文😀 ~", "é—中文😀 ~"),  # no escaping of other characters, ASCII or not
        ("\u0080\u00a0\u2028", "\u0080\u00a0\u2028"),
    ],
)
def test_literal_escapes_follow_rdfc10(raw: str, escaped: str) -> None:
    assert escape_string(raw) == escaped


def test_literal_forms() -> None:
    assert literal("a") == '"a"'
    assert literal("a", XSD + "string") == '"a"'  # xsd:string is implied
    assert literal("1", XSD + "integer") == f'"1"^^<{XSD}integer>'
    assert literal("hi", language="en-GB") == '"hi"@en-GB'
    assert literal("hi", XSD + "string", language="en") == '"hi"@en'


def test_iri_escapes_only_what_iriref_forbids() -> None:
    assert iri("https://example.org/é?q=1#f") == "<https://example.org/é?q=1#f>"
    assert iri("https://example.org/a b<c>") == "<https://example.org/a\\u0020b\\u003Cc\\u003E>"


def test_serialize_quad() -> None:
    assert serialize_quad(("_:b0", "<p>", '"o"', "")) == '_:b0 <p> "o" .\n'
    assert serialize_quad(("_:b0", "<p>", '"o"', "_:g")) == '_:b0 <p> "o" _:g .\n'


def test_parser_reads_every_term_kind() -> None:
    text = (
        "# a comment\n"
        '<http://s> <http://p> "x\\ty\\u00E9\\U0001F600" .\n'
        '_:b1 <http://p> "chat"@fr-CA <http://g> . # trailing comment\n'
        '\n'
        '<http://s> <http://p> "1"^^<http://www.w3.org/2001/XMLSchema#string> _:g1 .\r\n'
        "<http://s> <http://p\\u0020q> _:b.x-1 .\n"
    )
    assert parse_nquads(text) == [
        ("<http://s>", "<http://p>", '"x\\ty\u00e9\U0001f600"', ""),
        ("_:b1", "<http://p>", '"chat"@fr-CA', "<http://g>"),
        ("<http://s>", "<http://p>", '"1"', "_:g1"),
        ("<http://s>", "<http://p\\u0020q>", "_:b.x-1", ""),
    ]


@pytest.mark.parametrize(
    "line",
    [
        '<http://s> <http://p> "o"',  # no dot
        '"s" <http://p> "o" .',  # literal subject
        '<http://s> _:p "o" .',  # blank predicate (generalized RDF)
        '<http://s> <http://p> "o" "g" .',  # literal graph name
        "<http://s> <http://p> <http://o> <http://g> <http://x> .",
        '<http://s> <http://p> "unterminated .',
        "<http://s> <http://p> <a b> .",  # space in IRI
        '<http://s> <http://p> "o" . junk',
        "<http://s> <http://p> _:b1. .",  # label may not end with a dot
    ],
)
def test_parser_is_strict(line: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        parse_nquads("<http://a> <http://b> <http://c> .\n" + line + "\n")
    assert info.value.code == "nquads_invalid"
    assert "line 2" in info.value.message


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(value=_text, language=st.sampled_from([None, "en", "de-CH"]))
def test_literal_round_trips_through_the_parser(value: str, language: str | None) -> None:
    quad = ("_:b0", "<http://p>", literal(value, language=language), "")
    assert parse_nquads(serialize([quad])) == [quad]


@given(path=_text)
def test_iri_round_trips_through_the_parser(path: str) -> None:
    quad = ("<http://s>", "<http://p>", iri("http://example.org/" + path), "")
    assert parse_nquads(serialize_quad(quad)) == [quad]
