"""VC-JWT credentials and status lists end to end, and opt-in network access.

The online test serves a status list from 127.0.0.1 (a server this test starts) and
allows loopback in the fetch policy; no other address is ever contacted.
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from openbadge_kit.keys.fetch import FetchPolicy
from openbadge_kit.proofs import vc_jwt
from openbadge_kit.verify.api import verify_with
from openbadge_kit.verify.options import build_options
from openbadge_kit.verify.report import CheckStatus

from .helpers import ISSUER, LIST_URL, NOW, STRANGER, credential, signed, status_entry, status_list


def _jwt(doc, key=ISSUER):
    return vc_jwt.sign(doc, key, kid=key.did_key_vm)


def _verify(source, **kwargs):
    policy = kwargs.pop("policy", None)
    return verify_with(source, build_options(now=NOW, fetch_policy=policy, **kwargs))


def test_an_ed25519_vc_jwt_verifies_and_reports_its_suite():
    report = _verify(_jwt(credential()))
    assert report.verified, report.to_text()
    assert report.summary.format == "jwt"
    assert report.result("proof").details["suite"].startswith("VC-JWT")
    assert report.summary.achievement_name == "Teamwork"


def test_a_vc_jwt_signed_by_another_key_fails():
    token = _jwt(credential(), key=STRANGER)
    report = _verify(token)
    assert not report.verified
    assert report.result("proof").status is CheckStatus.FAILED


def test_a_tampered_vc_jwt_fails():
    token = _jwt(credential())
    head, payload, sig = token.split(".")
    forged = f"{head}.{payload[:-4]}AAAA.{sig}"
    report = _verify(forged)
    assert not report.verified


def test_a_jwt_with_an_embedded_proof_checks_both():
    token = _jwt(signed(credential()))
    report = _verify(token)
    suites = [c.details.get("suite") for c in report.checks if c.check == "proof"]
    assert len(suites) == 2 and suites[1] == "DataIntegrityProof/eddsa-rdfc-2022"
    assert all(c.status is CheckStatus.PASSED for c in report.checks if c.check == "proof")


def test_a_status_list_served_as_a_jwt_from_a_folder(tmp_path):
    lst = status_list((3,), sign_it=False)
    (tmp_path / "list.jwt").write_text(_jwt(lst))
    badge = signed(credential(credentialStatus=status_entry(3)))
    report = _verify(badge, status_lists=tmp_path)
    assert report.result("status").code == "status.revoked", report.to_text()
    assert report.result("status").details["listOrigin"] == "folder:list.jwt"


class JsonServer:
    """A loopback HTTP server answering GETs from a path -> JSON document dict."""

    def __init__(self) -> None:
        self.documents: dict[str, object] = {}
        self.hits: list[str] = []
        documents, hits = self.documents, self.hits

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                hits.append(self.path)
                body = json.dumps(documents.get(self.path, {})).encode()
                self.send_response(200 if self.path in documents else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture()
def server() -> Iterator[JsonServer]:
    srv = JsonServer()
    thread = threading.Thread(target=srv.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.server.shutdown()
        srv.server.server_close()


@pytest.fixture()
def list_server(server) -> tuple[str, list[str]]:
    url = f"{server.base}/status/1"
    server.documents["/status/1"] = status_list((3,), url=url)
    return url, server.hits


def test_status_list_is_fetched_only_when_online(list_server):
    url, hits = list_server
    badge = signed(credential(credentialStatus=status_entry(3, url)))
    offline = _verify(badge, policy=FetchPolicy(allow_loopback=True))
    assert offline.result("status").code == "status.list_unavailable"
    assert hits == []
    online = _verify(badge, online=True, policy=FetchPolicy(allow_loopback=True))
    assert online.result("status").code == "status.revoked", online.to_text()
    assert online.result("status").details["listOrigin"] == "network"
    assert hits == ["/status/1"]


def test_online_fetch_refuses_loopback_unless_the_policy_allows_it(list_server):
    url, hits = list_server
    badge = signed(credential(credentialStatus=status_entry(3, url)))
    report = _verify(badge, online=True)
    assert report.result("status").status is CheckStatus.NOT_CHECKED
    assert hits == []
    assert url != LIST_URL and copy.deepcopy(badge) == badge


def test_a_vc_1_1_jwt_with_the_credential_in_the_vc_claim():
    doc = credential()
    doc["@context"][0] = "https://www.w3.org/2018/credentials/v1"
    doc["issuanceDate"] = doc.pop("validFrom")
    token = vc_jwt.sign(doc, ISSUER, form="vc1", kid=ISSUER.did_key_vm)
    report = _verify(token)
    assert report.verified, report.to_text()
    assert (report.summary.vc_version, report.summary.issuer_id) == ("1.1", ISSUER.did_key)
    assert "context.vc_1_1" in [c.code for c in report.warnings]


def test_a_vc_2_0_credential_in_a_vc_claim_is_refused():
    # our signer refuses this layout, so build it by hand as another issuer might
    import base64
    import json

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    cred = credential()
    header = {"alg": "EdDSA", "typ": "JWT", "kid": ISSUER.did_key_vm}
    payload = {"iss": ISSUER.did_key, "jti": cred["id"], "vc": cred}
    signing_input = b64(json.dumps(header).encode()) + "." + b64(json.dumps(payload).encode())
    token = signing_input + "." + b64(ISSUER.sign(signing_input.encode()))
    report = _verify(token)
    assert report.failures[0].code == "parse.jwt_layout_mismatch"


LOOPBACK = FetchPolicy(allow_loopback=True)
EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"


def test_refresh_service_is_followed_only_online(server):
    url = f"{server.base}/refresh/1"
    server.documents["/refresh/1"] = signed(credential(name="Teamwork badge (renewed)"))
    doc = credential(refreshService={"id": url, "type": "1EdTechCredentialRefresh"})
    doc["@context"].append(EXTENSIONS)
    badge = signed(doc)
    assert _verify(badge, policy=LOOPBACK).result("refresh").code == "refresh.not_followed"
    assert server.hits == []
    online = _verify(badge, online=True, policy=LOOPBACK)
    assert online.result("refresh").code == "refresh.available", online.to_text()
    assert server.hits == ["/refresh/1"]
    server.documents["/refresh/1"] = {"not": "a credential"}
    bad = _verify(badge, online=True, policy=LOOPBACK)
    assert bad.result("refresh").status is CheckStatus.WARNING
    assert bad.verified  # a failed refresh leaves the original credential's verdict


def test_remote_credential_schema_is_checked_only_online(server):
    url = f"{server.base}/schema.json"
    server.documents["/schema.json"] = {
        "$schema": "https://json-schema.org/draft/2019-09/schema",
        "type": "object", "required": ["awardedDate"]}
    doc = credential(credentialSchema=[{"id": url, "type": "1EdTechJsonSchemaValidator2019"}])
    doc["@context"].append(EXTENSIONS)
    badge = signed(doc)
    offline = _verify(badge, policy=LOOPBACK)
    assert "schema.entry_unavailable" in [c.code for c in offline.not_checked]
    online = _verify(badge, online=True, policy=LOOPBACK)
    assert "schema.entry_invalid" in [c.code for c in online.failures], online.to_text()
    assert server.hits == ["/schema.json"]
