"""URLs inside hostile input are never fetched, even online, even when a server answers.

A real HTTP server listens on 127.0.0.1 and records every request. Credentials and JWTs
point at it (JOSE ``jku``/``x5u`` headers, ``@context``, did:web for localhost, status list
and schema URLs on loopback), and ``verify(..., online=True)`` must neither connect to it
nor report success from it.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest

from openbadge_kit import verify

from .generate import (
    OB3,
    STRANGER,
    VC2,
    credential,
    did_web_credential,
    good,
    jwt,
    jwt_claims,
)

NOW = datetime(2026, 6, 1, 12, 0, 0, tzinfo=timezone.utc)


class _Recorder(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        # the attacker's key, as a JWKS: it must never be fetched, let alone trusted
        body = json.dumps({"keys": [STRANGER.to_jwk()], "@context": {}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    hits: ClassVar[list[str]] = []
    handler = type("Handler", (_Recorder,), {"hits": hits})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{httpd.server_address[1]}", hits
    finally:
        httpd.shutdown()
        httpd.server_close()


def _no_contact(report: Any, hits: list[str], socket_log: list[Any], elapsed: float) -> None:
    assert hits == []
    assert socket_log == []
    assert not report.verified
    assert "internal.unexpected_error" not in [c.code for c in report.checks]
    assert elapsed < 1.0


@pytest.mark.parametrize("header", ["jku", "x5u"])
def test_jose_key_urls_are_never_fetched(header: str, server: tuple[str, list[str]],
                                         socket_log: list[Any]) -> None:
    host, hits = server
    # signed by a stranger whose key the header URL would serve; the issuer is a did:key
    token = jwt({"alg": "EdDSA", "typ": "JWT", header: f"http://{host}/keys.json"},
                jwt_claims(), key=STRANGER)
    start = time.perf_counter()
    report = verify(token, now=NOW, online=True)
    _no_contact(report, hits, socket_log, time.perf_counter() - start)
    assert report.result("proof").code == "proof.signature_invalid"


def test_a_kid_on_loopback_is_refused_online(server: tuple[str, list[str]],
                                             socket_log: list[Any]) -> None:
    host, hits = server
    token = jwt({"alg": "EdDSA", "typ": "JWT", "kid": f"http://{host}/key.json"},
                jwt_claims())
    start = time.perf_counter()
    report = verify(token, now=NOW, online=True)
    _no_contact(report, hits, socket_log, time.perf_counter() - start)
    assert report.result("proof").code == "proof.key_unresolved"


def test_an_x5c_chain_is_not_a_key_source(socket_log: list[Any]) -> None:
    # a certificate in the header would let the token name its own key
    token = jwt({"alg": "EdDSA", "typ": "JWT", "x5c": ["MIIBkTCB+wIJAL"]}, jwt_claims(),
                key=STRANGER)
    report = verify(token, now=NOW, online=True)
    assert not report.verified
    assert report.result("proof").code == "proof.signature_invalid"
    assert socket_log == []


def test_a_context_on_loopback_is_never_fetched(server: tuple[str, list[str]],
                                                socket_log: list[Any]) -> None:
    host, hits = server
    doc = {**good(), "@context": [VC2, OB3, f"http://{host}/ctx.jsonld"]}
    start = time.perf_counter()
    report = verify(doc, now=NOW, online=True)
    _no_contact(report, hits, socket_log, time.perf_counter() - start)
    assert report.result("proof").code == "proof.context_unavailable"


def test_did_web_for_the_listening_loopback_port_is_refused(
        server: tuple[str, list[str]], socket_log: list[Any]) -> None:
    host, hits = server
    start = time.perf_counter()
    report = verify(did_web_credential("did:web:" + host.replace(":", "%3A")), now=NOW,
                    online=True)
    _no_contact(report, hits, socket_log, time.perf_counter() - start)
    assert report.result("proof").code == "proof.key_unresolved"
    assert "loopback" in report.result("proof").message


def test_status_list_and_schema_urls_on_loopback_are_refused(
        server: tuple[str, list[str]], socket_log: list[Any]) -> None:
    host, hits = server
    doc = credential(  # unsigned: the status and schema checks run all the same
        credentialStatus={"id": f"http://{host}/status#3", "type": "BitstringStatusListEntry",
                          "statusPurpose": "revocation", "statusListIndex": "3",
                          "statusListCredential": f"http://{host}/status"},
        credentialSchema=[{"id": f"http://{host}/schema.json",
                           "type": "1EdTechJsonSchemaValidator2019"}])
    start = time.perf_counter()
    report = verify(doc, now=NOW, online=True)
    assert hits == [] and socket_log == []
    assert time.perf_counter() - start < 1.0
    status = report.result("status")
    assert status.status.value == "not_checked", status
    schemas = [c for c in report.checks if c.check == "schema" and "schema.json" in c.message]
    assert schemas and all(c.status.value == "not_checked" for c in schemas), schemas


@pytest.mark.parametrize("address", ["10.1.2.3", "169.254.169.254", "127.0.0.1", "::1",
                                     "fd00::1"])
def test_public_names_that_resolve_to_private_addresses_are_refused(
        address: str, monkeypatch: pytest.MonkeyPatch, socket_log: list[Any]) -> None:
    import socket

    def lookup(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port or 443))]

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    doc = did_web_credential("did:web:issuer.example")
    doc["credentialStatus"] = {  # unsigned addition: the status fetch is refused as well
        "id": "https://lists.example/1#3", "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation", "statusListIndex": "3",
        "statusListCredential": "https://lists.example/1"}
    start = time.perf_counter()
    report = verify(doc, now=NOW, online=True)
    assert time.perf_counter() - start < 1.0
    assert socket_log == []
    proof = report.result("proof")
    assert proof.code == "proof.key_unresolved" and "refusing" in proof.message, proof
    assert report.result("status").status.value == "not_checked"
