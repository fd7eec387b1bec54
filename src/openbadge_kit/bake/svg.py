"""Baking into and extracting from SVG files.

The document is read by the expat parser that defusedxml's ``DefusedXMLParser`` sets up
(entity declarations and external references refused, so no entity expansion, no XXE
and no DTD fetching), with raw element callbacks: no tree is built, so memory stays near
the size of the input.
Credential elements are recognised by namespace URI and local name, never by prefix.

Baking inserts the credential element right after the root ``<svg ...>`` start tag and
removes any existing carrier; every other byte of the file is kept.  The namespace is
declared on the root start tag (as OB 3.0 shows it) unless the root already binds the
prefix.  Baking refuses an SVG with active content (see :data:`ACTIVE_ELEMENTS`):
the baked image is what earners publish and what verifiers open, and silently rewriting
someone's artwork to strip scripts is a sanitiser's job, which this module does not try
to be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from defusedxml import DefusedXmlException, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from ..errors import (
    AmbiguousCredentialError,
    ImageFormatError,
    InvalidInputError,
    NoCredentialFoundError,
    OpenBadgeError,
)
from ..limits import Limits
from .extracted import Extracted, ObVersion, PayloadKind
from .payload import CLR_NS, OB2_NS, OB3_NS, Target, check_payload_size, classify

SVG_NS = "http://www.w3.org/2000/svg"
XHTML_NS = "http://www.w3.org/1999/xhtml"

#: Clark-notation tag of each credential carrier -> spec version
CARRIER_TAGS: dict[str, ObVersion] = {
    f"{{{OB3_NS}}}credential": "3.0",
    f"{{{CLR_NS}}}credential": "clr-2.0",
    f"{{{OB2_NS}}}assertion": "2.0",
}
#: the same, as expat names them (``uri}local``)
CARRIER_NAMES = {tag[1:]: version for tag, version in CARRIER_TAGS.items()}
#: element local names (any namespace, compared case-insensitively) that baking refuses
ACTIVE_ELEMENTS = frozenset({"script", "foreignobject", "handler", "listener"})
#: URL schemes that run code when followed or animated into an attribute; browsers ignore
#: ASCII whitespace and control characters in and around the scheme, so this does too
_ACTIVE_URL = re.compile(
    "|".join(r"[\x00-\x20]*" + r"[\x00-\x20]*".join(scheme) + r"[\x00-\x20]*:"
             for scheme in ("javascript", "vbscript")),
    re.IGNORECASE,
)
_XHTML_PREFIX = XHTML_NS + "}"
_FEED_BLOCK = 64 * 1024
#: distinct element/attribute names whose active-content verdict is remembered
_NAME_CACHE_SIZE = 4096
#: a file with more carriers than this is refused rather than re-baked
MAX_BAKE_CARRIERS = 16
_START_TAG = re.compile(
    rb"""<([^\s/>]+)(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(/?)>"""
)
_END_TAG = re.compile(rb"</[^\s>]+\s*>")
_NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_UTF8_NAMES = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})


def _invalid(message: str, code: str) -> ImageFormatError:
    return ImageFormatError(f"invalid SVG: {message}", code=code)


@dataclass
class _Carrier:
    """A credential element found while scanning."""

    tag: str
    ob_version: ObVersion
    line: int
    verify: str | None
    start: int = -1  # byte offset of '<' (only when positions are tracked)
    end: int = -1  # byte offset after the element
    start_tag_end: int = -1
    self_closing: bool = False
    parts: list[str] = field(default_factory=list)
    chars: int = 0

    def label(self) -> str:
        return f"element {self.tag}"


class _Scanner:
    """Raw expat callbacks: find carriers and, when baking, byte positions and active
    content.  Element names arrive as ``uri}local`` (or ``local``), attributes as a flat
    ``[name, value, ...]`` list.  Called by the parser, never by users."""

    def __init__(self, data: memoryview, limits: Limits, for_bake: bool) -> None:
        self.buf = data
        self.limits = limits
        self.for_bake = for_bake
        self.expat: Any = None
        self.depth = 0
        self.root_tag = ""
        self.root_qname = b""
        self.root_tag_end = -1
        self.root_self_closing = False
        self.root_ns: dict[str, str] = {}
        self.carriers: list[_Carrier] = []
        self.open: list[tuple[int, _Carrier]] = []
        self.active: list[str] = []  # the first few findings, for the message
        self.active_count = 0
        self.encoding: str | None = None
        self._elements: dict[str, bool] = {}
        self._event_attributes: dict[str, bool] = {}

    def install(self, expat: Any) -> None:
        """Take over the element callbacks of a parser that defusedxml configured."""
        self.expat = expat
        expat.ordered_attributes = 1
        expat.buffer_text = 1
        expat.XmlDeclHandler = self.xml_decl
        expat.StartNamespaceDeclHandler = self.start_ns
        expat.StartElementHandler = self.start
        expat.EndElementHandler = self.end
        expat.CharacterDataHandler = self.skip_data
        expat.ProcessingInstructionHandler = self.pi

    # -- parser callbacks ----------------------------------------------------------------
    def xml_decl(self, version: str | None, encoding: str | None, standalone: int) -> None:
        self.encoding = encoding

    def start_ns(self, prefix: str | None, uri: str | None) -> None:
        if self.depth == 0:
            self.root_ns[prefix or ""] = uri or ""

    def start(self, name: str, attrs: list[str]) -> None:
        if self.depth == 0:
            self._root(name)
        self.depth += 1
        version = CARRIER_NAMES.get(name)
        if version is not None:
            self._open_carrier(name, version, attrs)
        if self.for_bake:
            self._check_active(name, attrs)

    def end(self, name: str) -> None:
        if self.open and self.open[-1][0] == self.depth:
            _, carrier = self.open.pop()
            if self.for_bake:
                carrier.end = self._element_end(carrier, self.expat.CurrentByteIndex)
            if not self.open:
                self.expat.CharacterDataHandler = self.skip_data
        self.depth -= 1

    def skip_data(self, text: str) -> None:
        """Text outside carriers (a handler must be set, or entities reach the default one)."""

    def data(self, text: str) -> None:
        carrier = self.open[-1][1]
        carrier.chars += len(text)
        check_payload_size(carrier.chars, self.limits, carrier.label())
        carrier.parts.append(text)

    def pi(self, target: str, text: str) -> None:
        if self.for_bake and target.lower() == "xml-stylesheet":
            self._found("an xml-stylesheet processing instruction")

    def close(self) -> None:
        return None

    # -- helpers ---------------------------------------------------------------------------
    def _root(self, name: str) -> None:
        self.root_tag = _clark(name)
        if name not in (f"{SVG_NS}}}svg", "svg"):
            raise _invalid(f"the root element is {self.root_tag}, not an SVG <svg> element",
                           "image_unrecognized")
        if self.for_bake:
            index = self.expat.CurrentByteIndex
            self.root_tag_end, self.root_self_closing = self._start_tag(index)
            match = _START_TAG.match(self.buf, index)
            self.root_qname = match.group(1) if match else b"svg"

    def _open_carrier(self, name: str, version: ObVersion, attrs: list[str]) -> None:
        tag = _clark(name)
        verify = None
        for i in range(0, len(attrs), 2):
            if attrs[i] == "verify":
                verify = attrs[i + 1]
                check_payload_size(len(verify), self.limits, f"element {tag} @verify")
        carrier = _Carrier(tag, version, self.expat.CurrentLineNumber, verify)
        if self.for_bake:
            carrier.start = self.expat.CurrentByteIndex
            carrier.start_tag_end, carrier.self_closing = self._start_tag(carrier.start)
        self.carriers.append(carrier)
        if len(self.carriers) > (MAX_BAKE_CARRIERS if self.for_bake else 1):
            # decided already: stop instead of collecting what a hostile file repeats
            if self.for_bake:
                raise _invalid(f"more than {MAX_BAKE_CARRIERS} credential elements; refusing "
                               "to re-bake such a file", "svg_too_many_carriers")
            raise _ambiguous(self.carriers)
        self.open.append((self.depth, carrier))
        self.expat.CharacterDataHandler = self.data

    def _start_tag(self, index: int) -> tuple[int, bool]:
        match = _START_TAG.match(self.buf, index)
        if match is None:  # the parser accepted it, so only a non-UTF-8 file gets here
            raise _invalid(f"cannot locate the start tag at byte {index}", "svg_encoding")
        return match.end(), match.group(2) == b"/"

    def _element_end(self, carrier: _Carrier, index: int) -> int:
        if carrier.self_closing:
            return carrier.start_tag_end
        match = _END_TAG.match(self.buf, index)
        if match is None:
            raise _invalid(f"cannot locate the end tag at byte {index}", "svg_encoding")
        return match.end()

    def _check_active(self, name: str, attrs: list[str]) -> None:
        # names repeat (g, path, d, fill...): classify each distinct one once
        element = self._elements.get(name)
        if element is None:
            local = name.rpartition("}")[2]
            element = local.lower() in ACTIVE_ELEMENTS or name.startswith(_XHTML_PREFIX)
            if len(self._elements) < _NAME_CACHE_SIZE:
                self._elements[name] = element
        if element:
            self._found(f"<{name.rpartition('}')[2]}> element")
        events = self._event_attributes
        for i in range(0, len(attrs), 2):
            attr = attrs[i]
            is_event = events.get(attr)
            if is_event is None:
                is_event = attr.rpartition("}")[2][:2].lower() == "on"
                if len(events) < _NAME_CACHE_SIZE:
                    events[attr] = is_event
            if is_event:
                self._found(f"event handler attribute {attr.rpartition('}')[2]!r}")
            elif attr == "attributeName" and attrs[i + 1].strip()[:2].lower() == "on":
                # <set>/<animate> that writes an event handler at run time
                self._found(f"animation of event handler {attrs[i + 1].strip()[:40]!r}")
            elif ":" in attrs[i + 1] and _ACTIVE_URL.match(attrs[i + 1]):
                self._found(f"script URL in attribute {attr.rpartition('}')[2]!r}")

    def _found(self, what: str) -> None:
        self.active_count += 1
        if len(self.active) < 5:
            self.active.append(f"{what} (line {self.expat.CurrentLineNumber})")


def _ambiguous(carriers: list[_Carrier]) -> AmbiguousCredentialError:
    listed = ", ".join(f"{c.tag} (line {c.line})" for c in carriers[:5])
    return AmbiguousCredentialError(
        f"the SVG image has more than one credential element ({listed}"
        f"{', ...' if len(carriers) > 5 else ''}); refusing to pick one",
        code="ambiguous_credential")


def _clark(name: str) -> str:
    """``uri}local`` (expat's form) -> ``{uri}local``."""
    return "{" + name if "}" in name else name


def _scan(data: memoryview, limits: Limits, *, for_bake: bool) -> _Scanner:
    """Parse the whole document safely, feeding it in blocks, and return the scanner."""
    scanner = _Scanner(data, limits, for_bake)
    parser = DefusedXMLParser(target=scanner, forbid_dtd=False, forbid_entities=True,
                              forbid_external=True)
    scanner.install(parser.parser)
    try:
        intern = scanner.expat.intern  # pyexpat's name cache: every distinct name, kept
        for offset in range(0, len(data), _FEED_BLOCK):
            parser.feed(data[offset:offset + _FEED_BLOCK])
            intern.clear()  # so a file of unique names cannot grow it without bound
        parser.close()
    except OpenBadgeError:
        raise
    except EntitiesForbidden as exc:
        raise _invalid(f"entity declarations are refused (entity {exc.name!r}): no entity "
                       "expansion, no external entities", "svg_entities_forbidden") from None
    except ExternalReferenceForbidden:
        raise _invalid("external references are refused (nothing is fetched)",
                       "svg_external_reference") from None
    except DefusedXmlException as exc:
        raise _invalid(f"refused by the safe XML parser: {exc}", "svg_unsafe") from None
    except ParseError as exc:
        raise _invalid(f"not well-formed XML ({exc})", "svg_malformed") from None
    except RecursionError:
        raise _invalid("nesting too deep", "svg_malformed") from None
    except (LookupError, UnicodeError, ValueError) as exc:
        # pyexpat's answers to an XML declaration naming an unknown or multi-byte codec
        raise _invalid(f"unusable character encoding ({exc})", "svg_encoding") from None
    if not scanner.root_tag:
        raise _invalid("no root element", "svg_malformed")
    return scanner


def _payload(carrier: _Carrier) -> tuple[PayloadKind, str, str]:
    """``(kind, payload, carrier label)`` of one carrier element."""
    body = "".join(carrier.parts).strip(" \t\r\n")
    verify = (carrier.verify or "").strip(" \t\r\n")
    if carrier.ob_version == "2.0":
        # OB 2.0: the verify attribute (JWS or hosted URL) is authoritative; the body is a copy
        text, where = (verify, " @verify") if verify else (body, " text")
    elif verify and body:
        raise AmbiguousCredentialError(
            f"the {carrier.label()} (line {carrier.line}) has both a verify attribute and a "
            "text body; refusing to pick one", code="ambiguous_credential")
    else:
        text, where = (verify, " @verify") if verify else (body, " text")
    label = carrier.label() + where
    kind, payload = classify(text, carrier.ob_version, label)
    return kind, payload, label


def extract(data: memoryview, limits: Limits) -> Extracted:
    """Find the one credential element in an SVG and return its payload.

    Raises ``ImageFormatError`` (malformed or unsafe XML, unrecognisable payload),
    ``NoCredentialFoundError``, ``AmbiguousCredentialError`` or ``InputTooLargeError``.
    """
    scanner = _scan(data, limits, for_bake=False)
    carriers = scanner.carriers
    if not carriers:
        raise NoCredentialFoundError("the SVG image carries no credential", code="no_credential")
    carrier = carriers[0]
    kind, payload, label = _payload(carrier)
    check_payload_size(len(payload.encode("utf-8")), limits, label)
    return Extracted("svg", kind, payload, carrier.ob_version, label)


def _element(text: str, kind: PayloadKind, target: Target, declare: bool) -> bytes:
    qname = f"{target.svg_prefix}:{target.svg_local}"
    decl = f' xmlns:{target.svg_prefix}="{target.svg_namespace}"' if declare else ""
    if kind == "jwt":
        return f'<{qname}{decl} verify="{text}"/>'.encode()
    cdata = text.replace("]]>", "]]]]><![CDATA[>").replace("\r", "]]>&#13;<![CDATA[")
    return f"<{qname}{decl}><![CDATA[{cdata}]]></{qname}>".encode()


def _outermost(carriers: list[_Carrier]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for carrier in sorted(carriers, key=lambda c: c.start):
        if ranges and carrier.start < ranges[-1][1]:
            continue  # nested inside the previous carrier, removed with it
        ranges.append((carrier.start, carrier.end))
    return ranges


def bake(data: memoryview, text: str, kind: PayloadKind, target: Target,
         limits: Limits) -> bytes:
    """Return the SVG with the credential element as the root's first child.

    Refuses non-UTF-8 documents and documents with active content (``ImageFormatError``)
    and payloads that XML cannot hold (``InvalidInputError``).
    """
    bad = _NOT_XML_CHAR.search(text)
    if bad:
        raise InvalidInputError(
            f"the credential contains character U+{ord(bad.group()):04X}, which XML 1.0 "
            "cannot carry; bake it into a PNG instead", code="credential_invalid")
    scanner = _scan(data, limits, for_bake=True)
    if scanner.encoding is not None and scanner.encoding.lower() not in _UTF8_NAMES:
        raise _invalid(f"only UTF-8 SVG files can be baked (this one is {scanner.encoding})",
                       "svg_encoding")
    if scanner.active:
        shown = "; ".join(scanner.active)
        extra = scanner.active_count - len(scanner.active)
        more = f" and {extra} more" if extra else ""
        raise ImageFormatError(
            f"refusing to bake an SVG with active content: {shown}{more}. Remove scripts, "
            "event handlers, foreignObject and javascript: links first.",
            code="svg_active_content")
    bound = scanner.root_ns.get(target.svg_prefix)
    root_decl = (f' xmlns:{target.svg_prefix}="{target.svg_namespace}"'.encode()
                 if bound is None else b"")
    close_at = scanner.root_tag_end - (2 if scanner.root_self_closing else 1)
    parts: list[bytes | memoryview] = [
        data[:close_at], root_decl, b">",
        _element(text, kind, target, declare=bound not in (None, target.svg_namespace)),
    ]
    if scanner.root_self_closing:
        parts.append(b"</" + scanner.root_qname + b">")
    pos = scanner.root_tag_end
    for start, end in _outermost(scanner.carriers):
        parts.append(data[pos:start])
        pos = end
    parts.append(data[pos:])
    return b"".join(parts)
