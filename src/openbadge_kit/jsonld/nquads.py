"""Canonical N-Quads terms (RDFC-1.0 section 4.6) and a strict N-Quads parser.

Terms are written the way RDFC-1.0 requires: in string literals the seven ECHAR
characters (backspace, tab, line feed, form feed, carriage return, ``"`` and ``\\``)
use their two-character escapes; U+0000-U+0007, U+000B, U+000E-U+001F, U+007F and
code points that are not XML 1.1 ``Char`` (surrogates, U+FFFE, U+FFFF) are written as
``\\uXXXX`` with uppercase hex; every other character, ASCII or not, is written raw.
IRIs never contain escapes unless they hold characters that IRIREF forbids
(U+0000-U+0020 and ``<>"{}|^`\\``), which are written as ``\\uXXXX`` like rdf-canonize does.

A quad is a 4-tuple of these term strings ``(subject, predicate, object, graph)`` with
``graph == ""`` for the default graph (see :mod:`openbadge_kit.jsonld`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..errors import InvalidInputError

#: one quad: (subject, predicate, object, graph); graph "" is the default graph
Quad = tuple[str, str, str, str]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

_ECHAR = {
    0x08: "\\b",
    0x09: "\\t",
    0x0A: "\\n",
    0x0C: "\\f",
    0x0D: "\\r",
    0x22: '\\"',
    0x5C: "\\\\",
}


def _uchar(cp: int) -> str:
    return f"\\u{cp:04X}"


def _literal_escapes() -> dict[int, str]:
    table = {cp: _uchar(cp) for cp in (*range(0x00, 0x08), 0x0B, *range(0x0E, 0x20), 0x7F)}
    table.update(_ECHAR)
    table.update({cp: _uchar(cp) for cp in (0xFFFE, 0xFFFF)})
    return table


_LITERAL_TABLE = _literal_escapes()
_LITERAL_NEEDS = re.compile('[\x00-\x1f"\\\\\x7f\ud800-\udfff\ufffe\uffff]')
_IRI_TABLE = {cp: _uchar(cp) for cp in (*range(0x00, 0x21), *map(ord, '<>"{}|^`\\'))}
_IRI_NEEDS = re.compile('[\x00-\x20<>"{}|^`\\\\]')
_SURROGATE = re.compile("[\ud800-\udfff]")


def escape_string(value: str) -> str:
    """The body of a canonical N-Quads string literal for ``value`` (no quotes)."""
    if _LITERAL_NEEDS.search(value) is None:
        return value
    out = value.translate(_LITERAL_TABLE)
    if _SURROGATE.search(out):
        out = _SURROGATE.sub(lambda m: _uchar(ord(m.group())), out)
    return out


def iri(value: str) -> str:
    """The canonical N-Quads term for an IRI: ``<value>``."""
    if _IRI_NEEDS.search(value) is not None:
        value = value.translate(_IRI_TABLE)
    return f"<{value}>"


def blank_node(label: str) -> str:
    """The N-Quads term for the blank node ``label`` (with or without its ``_:``)."""
    return label if label.startswith("_:") else f"_:{label}"


def literal(value: str, datatype: str | None = None, language: str | None = None) -> str:
    """The canonical N-Quads term of a literal.

    ``language`` wins over ``datatype`` (a language-tagged string is rdf:langString);
    the datatype is omitted for xsd:string, as canonical N-Quads requires.
    """
    body = f'"{escape_string(value)}"'
    if language:
        return f"{body}@{language}"
    if datatype is None or datatype == XSD_STRING:
        return body
    return f"{body}^^{iri(datatype)}"


def is_blank(term: str) -> bool:
    """Whether a term string is a blank node."""
    return term.startswith("_:")


def serialize_quad(q: Quad) -> str:
    """One canonical N-Quads line for ``q``, ending with ``" .\\n"``."""
    s, p, o, g = q
    if g:
        return f"{s} {p} {o} {g} .\n"
    return f"{s} {p} {o} .\n"


def serialize(quads: list[Quad]) -> str:
    """The N-Quads document for ``quads``, lines in the given order."""
    return "".join(serialize_quad(q) for q in quads)


# --- parsing ---------------------------------------------------------------------------

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff"
    "\u200c-\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
    "\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_:"
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_IRIREF = rf"<((?:[^\x00-\x20<>\"{{}}|^`\\]|{_UCHAR})*)>"
_BNODE = rf"_:((?:[{_PN_CHARS_U}0-9])(?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)"
_STRING = rf'"((?:[^"\\\n\r]|\\[tbnrf"\'\\]|{_UCHAR})*)"'
_LANG = r"@([a-zA-Z]+(?:-[a-zA-Z0-9]+)*)"

_TOKEN_PATTERN = rf"[ \t]*(?:{_IRIREF}|{_BNODE}|{_STRING}(?:{_LANG}|\^\^{_IRIREF})?|(\.))"


@lru_cache(maxsize=1)
def _token() -> re.Pattern[str]:
    """The N-Quads term tokenizer, compiled on first use (only parsing needs it)."""
    return re.compile(_TOKEN_PATTERN)

_END = re.compile(r"[ \t]*(?:#[^\n\r]*)?")
_ESCAPES = re.compile(rf'\\[tbnrf"\'\\]|{_UCHAR}')
_SIMPLE = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str, *, line: int) -> str:
    if "\\" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        esc = m.group()
        if esc[1] in "uU":
            cp = int(esc[2:], 16)
            if cp > 0x10FFFF:
                raise InvalidInputError(
                    f"N-Quads line {line}: escape {esc} is not a code point",
                    code="nquads_invalid",
                )
            return chr(cp)
        return _SIMPLE[esc[1]]

    return _ESCAPES.sub(one, text)


def _parse_line(text: str, lineno: int) -> Quad | None:
    pos = 0
    terms: list[tuple[str, str]] = []  # (kind, canonical term)
    while True:
        m = _token().match(text, pos)
        if m is None:
            break
        pos = m.end()
        iri1, bnode, string, lang, dtype, dot = m.groups()
        if dot is not None:
            terms.append(("dot", "."))
            break
        if iri1 is not None:
            terms.append(("iri", iri(_unescape(iri1, line=lineno))))
        elif bnode is not None:
            terms.append(("bnode", f"_:{bnode}"))
        else:
            value = _unescape(string, line=lineno)
            if lang is not None:
                term = literal(value, language=lang)
            elif dtype is not None:
                term = literal(value, datatype=_unescape(dtype, line=lineno))
            else:
                term = literal(value)
            terms.append(("literal", term))
    end = _END.match(text, pos)
    rest_ok = end is not None and end.end() == len(text)
    if not terms and rest_ok:
        return None  # blank line or comment
    kinds = [k for k, _ in terms]
    shapes_ok = (
        rest_ok
        and kinds[-1:] == ["dot"]
        and len(kinds) in (4, 5)
        and kinds[0] in ("iri", "bnode")
        and kinds[1] == "iri"
        and (len(kinds) == 4 or kinds[3] in ("iri", "bnode"))
    )
    if not shapes_ok:
        raise InvalidInputError(
            f"N-Quads line {lineno} is not a valid statement: {text[:200]!r}",
            code="nquads_invalid",
        )
    graph = terms[3][1] if len(terms) == 5 else ""
    return (terms[0][1], terms[1][1], terms[2][1], graph)


def parse_nquads(text: str) -> list[Quad]:
    """Parse an N-Quads document strictly into quads in canonical term form.

    Raises :class:`~openbadge_kit.errors.InvalidInputError` (code ``nquads_invalid``)
    naming the first line that is not a valid N-Quads statement.  Literal datatypes of
    xsd:string are dropped (canonical form), so equal RDF terms compare
    equal as strings.
    """
    quads: list[Quad] = []
    for lineno, line in enumerate(re.split(r"\r\n|\n|\r", text), start=1):
        q = _parse_line(line, lineno)
        if q is not None:
            quads.append(q)
    return quads
