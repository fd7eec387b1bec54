"""did:web: URL mapping (NOTES 3.3), and resolution against a real server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from openbadge_kit.errors import NetworkDisabledError, NetworkError, ResolutionError
from openbadge_kit.keys.did_web import DidWebResolver, did_web_to_url
from openbadge_kit.keys.ed25519 import Ed25519KeyPair
from openbadge_kit.keys.fetch import FetchPolicy
from openbadge_kit.keys.jose_keys import RsaKeyPair
from openbadge_kit.keys.resolvers import JwksResolver, default_resolver
from openbadge_kit.limits import Limits

from ..conftest import ATTEMPTS


@pytest.mark.parametrize(("did", "url"), [
    ("did:web:w3c-ccg.github.io", "https://w3c-ccg.github.io/.well-known/did.json"),
    ("did:web:w3c-ccg.github.io:user:alice", "https://w3c-ccg.github.io/user/alice/did.json"),
    ("did:web:example.com%3A3000:user:alice", "https://example.com:3000/user/alice/did.json"),
    ("did:web:digitalcredentials.github.io:dcc-did-web:multikey",
     "https://digitalcredentials.github.io/dcc-did-web/multikey/did.json"),
])
def test_did_web_url_mapping_examples(did: str, url: str) -> None:
    assert did_web_to_url(did) == url


@pytest.mark.parametrize("did", [
    "did:web:", "did:web:exa mple.com", "did:web:example.com:..:secret",
    "did:web:example.com%2Fevil", "did:web:user@example.com", "did:web:example.com%3A99999",
    "did:web:example.com/path", "did:key:z6Mk", "did:web:example.com::x",
])
def test_did_web_url_mapping_refuses_malformed(did: str) -> None:
    with pytest.raises(ResolutionError):
        did_web_to_url(did)


# --- online, against a real HTTP server on 127.0.0.1 ----------------------------------------


class Site:
    """Routes of the test server: path -> (status, headers, body); and the requests seen."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.requests: list[str] = []
        self.port = 0

    def json(self, path: str, value: Any, ctype: str = "application/did+json") -> None:
        self.routes[path] = (200, {"Content-Type": ctype}, json.dumps(value).encode())


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append(self.path)
            status, headers, body = state.routes.get(self.path, (404, {}, b"not found"))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def did_for(site: Site, path: str = "issuers:1") -> str:
    return f"did:web:127.0.0.1%3A{site.port}:{path}"


def publish(site: Site, did: str, key: Ed25519KeyPair) -> str:
    vm_id = f"{did}#key-1"
    doc = {"@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
           "id": did, "verificationMethod": [{"id": vm_id, "type": "Multikey", "controller": did,
                                              "publicKeyMultibase": key.public_multikey}],
           "assertionMethod": [vm_id]}
    site.json("/" + did.split(":", 3)[3].replace(":", "/") + "/did.json", doc)
    return vm_id


def test_online_resolution_uses_the_mapped_url_and_the_cache(site: Site, tmp_path: Path) -> None:
    key = Ed25519KeyPair.generate()
    did = did_for(site)
    vm_id = publish(site, did, key)
    resolver = DidWebResolver(online=True, allow_loopback=True, cache_dir=tmp_path)
    assert resolver.url_for(did) == f"http://127.0.0.1:{site.port}/issuers/1/did.json"
    vm = resolver.resolve(vm_id)
    assert vm.public_key.public_bytes_raw() == key.public_bytes  # type: ignore[union-attr]
    assert vm.relationships == frozenset({"assertionMethod"}) and vm.controller == did
    assert site.requests == ["/issuers/1/did.json"]
    resolver.resolve(vm_id)
    assert len(site.requests) == 1  # memory cache
    # a new, OFFLINE resolver answers from the disk cache without any request
    site.routes.clear()
    offline = DidWebResolver(online=False, cache_dir=tmp_path)
    assert offline.resolve(vm_id).id == vm_id
    assert len(site.requests) == 1


def test_offline_and_loopback_refusals_make_no_connection(site: Site) -> None:
    start = len(ATTEMPTS)
    did = did_for(site)
    vm_id = publish(site, did, Ed25519KeyPair.generate())
    with pytest.raises(NetworkDisabledError, match="online"):
        DidWebResolver().resolve(vm_id)
    with pytest.raises(NetworkError, match="loopback"):
        DidWebResolver(online=True).resolve(vm_id)
    with pytest.raises(NetworkError, match="private"):
        DidWebResolver(online=True).resolve("did:web:10.1.2.3#k")
    with pytest.raises(NetworkError, match="private"):
        DidWebResolver(online=True).resolve("did:web:169.254.169.254#k")
    assert site.requests == []
    assert ATTEMPTS[start:] == []


def test_document_for_another_did_missing_fragment_and_http_errors(site: Site) -> None:
    did = did_for(site)
    key = Ed25519KeyPair.generate()
    publish(site, did, key)
    resolver = DidWebResolver(online=True, allow_loopback=True)
    other = did_for(site, "issuers:2")
    site.routes["/issuers/2/did.json"] = site.routes["/issuers/1/did.json"]
    with pytest.raises(ResolutionError, match="is for"):
        resolver.resolve(other + "#key-1")
    with pytest.raises(ResolutionError, match="fragment"):
        resolver.resolve(did)
    with pytest.raises(NetworkError, match="404"):
        resolver.resolve(did_for(site, "nobody") + "#k")
    site.json("/typed/did.json", {"id": did_for(site, "typed")}, ctype="text/html")
    with pytest.raises(NetworkError, match="content type"):
        resolver.resolve(did_for(site, "typed") + "#k")
    site.routes["/big/did.json"] = (200, {"Content-Type": "application/json"}, b" " * 5000)
    small = DidWebResolver(online=True, allow_loopback=True,
                           limits=Limits(max_network_bytes=4096))
    with pytest.raises(NetworkError, match="over the limit"):
        small.resolve(did_for(site, "big") + "#k")


def test_redirects_stay_on_the_same_host(site: Site) -> None:
    did = did_for(site)
    vm_id = publish(site, did, Ed25519KeyPair.generate())
    site.routes["/moved/did.json"] = (302, {"Location": "/issuers/1/did.json"}, b"")
    doc = DidWebResolver(online=True, allow_loopback=True)
    # same host: followed, but the document names did:...:issuers:1, not :moved
    with pytest.raises(ResolutionError, match="is for"):
        doc.resolve(did_for(site, "moved") + "#key-1")
    site.routes["/away/did.json"] = (302, {"Location": f"http://localhost:{site.port}/x"}, b"")
    with pytest.raises(NetworkError, match="another host"):
        doc.resolve(did_for(site, "away") + "#key-1")
    assert vm_id


def test_vc_jwt_with_a_did_web_issuer_online(site: Site) -> None:
    from datetime import datetime, timezone

    from openbadge_kit.proofs import vc_jwt

    did = did_for(site)
    key = Ed25519KeyPair.generate()
    key.key_id = publish(site, did, key)
    cred = {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:uuid:1",
            "type": ["VerifiableCredential"], "issuer": {"id": did},
            "validFrom": "2024-01-01T00:00:00Z", "credentialSubject": {"id": "did:example:x"}}
    token = vc_jwt.sign(cred, key)
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    offline = vc_jwt.verify(token, resolver=default_resolver(), now=now)
    assert offline.result.code == "proof.network_disabled"
    online = vc_jwt.verify(token, now=now, resolver=default_resolver(
        online=True, policy=FetchPolicy(allow_loopback=True)))
    assert online.result.ok, online.result
    site.routes.clear()
    gone = vc_jwt.verify(token, now=now, resolver=default_resolver(
        online=True, policy=FetchPolicy(allow_loopback=True)))
    assert gone.result.code == "proof.network_error"
    assert "404" in gone.result.message


def test_jwks_kid_url_online(site: Site) -> None:
    key = RsaKeyPair.generate(key_id=f"http://127.0.0.1:{site.port}/keys/jwks.json#k2")
    other = RsaKeyPair.generate(key_id="k1")
    site.json("/keys/jwks.json", {"keys": [other.public_jwk(),
                                           {**key.public_jwk(), "kid": "k2"}]},
              ctype="application/jwk-set+json")
    resolver = JwksResolver(online=True, allow_loopback=True)
    vm = resolver.resolve(key.key_id or "")
    assert vm.type == "JsonWebKey" and vm.controller == f"http://127.0.0.1:{site.port}"
    with pytest.raises(ResolutionError, match="no key with kid"):
        resolver.resolve(f"http://127.0.0.1:{site.port}/keys/jwks.json#k3")
    with pytest.raises(ResolutionError, match="HTTPS"):  # plain http only for loopback tests
        JwksResolver(online=True).resolve(key.key_id or "")
    with pytest.raises(NetworkDisabledError):
        JwksResolver().resolve("https://issuer.example/keys/jwks.json#k2")


# --- online, error cases through httpx.MockTransport ---------------------------------------


def mock_resolver(handler: Any, **kwargs: Any) -> DidWebResolver:
    client = httpx.Client(transport=httpx.MockTransport(handler))
    return DidWebResolver(online=True, client=client, **kwargs)


DID = "did:web:issuer.example"
DOC = {"id": DID, "verificationMethod": [
    {"id": f"{DID}#k", "type": "Multikey", "controller": DID,
     "publicKeyMultibase": Ed25519KeyPair.from_seed(bytes(32)).public_multikey}],
    "assertionMethod": [f"{DID}#k"]}


def test_mock_success_timeout_404_type_and_size() -> None:
    ok = mock_resolver(lambda r: httpx.Response(200, json=DOC))
    assert ok.resolve(f"{DID}#k").controller == DID

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(NetworkError, match="timed out"):
        mock_resolver(slow).resolve(f"{DID}#k")
    with pytest.raises(NetworkError, match="HTTP 404"):
        mock_resolver(lambda r: httpx.Response(404)).resolve(f"{DID}#k")
    with pytest.raises(NetworkError, match="content type"):
        mock_resolver(lambda r: httpx.Response(200, text="<html>", headers={
            "Content-Type": "text/html"})).resolve(f"{DID}#k")
    huge = mock_resolver(lambda r: httpx.Response(200, content=b"{" + b" " * 10_000 + b"}",
                                                  headers={"Content-Type": "application/json"}),
                         limits=Limits(max_network_bytes=1000))
    with pytest.raises(NetworkError, match="over the limit"):
        huge.resolve(f"{DID}#k")

    def streamed(request: httpx.Request) -> httpx.Response:  # no Content-Length to trust
        return httpx.Response(200, headers={"Content-Type": "application/json"},
                              stream=httpx.ByteStream(b"[" + b"0," * 5000 + b"0]"))

    with pytest.raises(NetworkError, match="over the limit"):
        mock_resolver(streamed, limits=Limits(max_network_bytes=1000)).resolve(f"{DID}#k")
    with pytest.raises(NetworkError, match="valid JSON"):
        mock_resolver(lambda r: httpx.Response(200, content=b"{nope", headers={
            "Content-Type": "application/json"})).resolve(f"{DID}#k")


def test_mock_redirect_to_another_host_and_to_plain_http() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.host == "issuer.example":
            return httpx.Response(301, headers={"Location": "https://evil.example/did.json"})
        return httpx.Response(200, json=DOC)

    with pytest.raises(NetworkError, match="another host"):
        mock_resolver(handler).resolve(f"{DID}#k")
    assert seen == ["https://issuer.example/.well-known/did.json"]
    downgrade = mock_resolver(lambda r: httpx.Response(
        302, headers={"Location": "http://issuer.example/.well-known/did.json"}))
    with pytest.raises(NetworkError, match="HTTPS required"):
        downgrade.resolve(f"{DID}#k")
    loop = mock_resolver(lambda r: httpx.Response(302, headers={"Location": "/again"}))
    with pytest.raises(NetworkError, match="redirects more than"):
        loop.resolve(f"{DID}#k")


def test_https_issuer_profile_with_verification_methods_online(site: Site) -> None:
    key = Ed25519KeyPair.generate()
    profile = f"http://127.0.0.1:{site.port}/issuers/1"
    vm_id = f"{profile}#key-1"
    site.json("/issuers/1", {"id": profile, "type": "Profile", "name": "Issuer",
                             "verificationMethod": [key.multikey_vm(profile, "key-1")],
                             "assertionMethod": [vm_id]}, ctype="application/ld+json")
    vm = JwksResolver(online=True, allow_loopback=True).resolve(vm_id)
    assert vm.controller == profile and vm.relationships == frozenset({"assertionMethod"})
    assert vm.public_key.public_bytes_raw() == key.public_bytes  # type: ignore[union-attr]
    with pytest.raises(ResolutionError, match="no verification method"):
        JwksResolver(online=True, allow_loopback=True).resolve(f"{profile}#key-2")


# --- DNS answers are vetted, and the connection goes to the vetted address -------------------


def fake_dns(monkeypatch: pytest.MonkeyPatch, name: str, answers: list[str]) -> list[str]:
    """Make ``name`` resolve to ``answers[0]``, then ``answers[1]``... (a rebinding DNS)."""
    import socket

    real = socket.getaddrinfo
    asked: list[str] = []

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == name:
            ip = answers[min(len(asked), len(answers) - 1)]
            asked.append(ip)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port or 0))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def test_a_name_resolving_to_a_private_address_is_refused(
        monkeypatch: pytest.MonkeyPatch) -> None:
    start = len(ATTEMPTS)
    fake_dns(monkeypatch, "intranet.test", ["10.0.0.5"])
    with pytest.raises(NetworkError, match="private"):
        DidWebResolver(online=True).resolve("did:web:intranet.test#k")
    assert ATTEMPTS[start:] == []


def test_dns_rebinding_cannot_redirect_the_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    start = len(ATTEMPTS)
    asked = fake_dns(monkeypatch, "issuer.test", ["93.184.216.34", "127.0.0.1"])
    with pytest.raises(NetworkError):  # the suite blocks the public address: connect fails
        DidWebResolver(online=True).resolve("did:web:issuer.test#k")
    assert asked == ["93.184.216.34"]  # resolved once, by the vetting step
    hosts = [a[0] for a in ATTEMPTS[start:] if isinstance(a, tuple)]
    assert hosts and set(hosts) == {"93.184.216.34"}


def test_pinned_connection_keeps_tls_name_checks(tmp_path: Path) -> None:
    """Connecting to the vetted address still verifies the certificate for the host NAME."""
    import datetime as dt
    import ssl
    import time

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    from openbadge_kit.keys import fetch

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "issuer.test")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1)
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("issuer.test")]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    (tmp_path / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "key.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    seen_hosts: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen_hosts.append(self.headers.get("Host", ""))
            body = json.dumps(DOC).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/did+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    server.socket = server_ctx.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    client_ctx = ssl.create_default_context(cafile=str(tmp_path / "cert.pem"))
    try:
        with httpx.Client(verify=client_ctx) as client:
            url = httpx.URL(f"https://issuer.test:{port}/.well-known/did.json")
            body, location = fetch._get_once(client, url, "127.0.0.1", {"application/did+json"},
                                             Limits(), time.monotonic() + 10)
            assert location is None and json.loads(body) == DOC
            assert seen_hosts == [f"issuer.test:{port}"]
            # a certificate for issuer.test does not pass for another name at that address
            other = httpx.URL(f"https://other.test:{port}/.well-known/did.json")
            with pytest.raises(NetworkError):
                fetch._get_once(client, other, "127.0.0.1", {"application/did+json"},
                                Limits(), time.monotonic() + 10)
    finally:
        server.shutdown()
        server.server_close()
