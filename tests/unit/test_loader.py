"""The offline document loader: bundled contexts only, never the network."""

import hashlib
import json
from importlib import resources

import pytest

from openbadge_kit.errors import ContextNotAllowedError
from openbadge_kit.jsonld.loader import OfflineLoader, bundled_contexts, default_loader

REQUIRED = [
    "https://www.w3.org/ns/credentials/v2",
    "https://www.w3.org/2018/credentials/v1",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
    "https://w3id.org/security/suites/ed25519-2020/v1",
    "https://w3id.org/security/data-integrity/v2",
    "https://www.w3.org/ns/credentials/status/v1",
    "https://w3id.org/vc/status-list/2021/v1",
]


@pytest.mark.parametrize("url", REQUIRED)
def test_bundles_the_contexts_credentials_need(url: str) -> None:
    doc = default_loader()(url, {})
    assert doc["documentUrl"] == url
    assert "@context" in doc["document"]


def test_every_bundled_file_matches_its_recorded_hash() -> None:
    folder = resources.files("openbadge_kit.jsonld").joinpath("contexts")
    for ctx in set(bundled_contexts().values()):
        data = folder.joinpath(ctx.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == ctx.sha256, ctx.file
        json.loads(data)


def test_vc_v2_context_is_the_rec_digest() -> None:
    # sha256 printed in the VC Data Model 2.0 REC
    assert bundled_contexts()["https://www.w3.org/ns/credentials/v2"].sha256 == (
        "59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734"
    )


@pytest.mark.parametrize(
    "url",
    ["https://example.com/evil-context.jsonld", "file:///etc/passwd", "http://localhost/ctx"],
)
def test_refuses_unknown_urls_naming_them(url: str) -> None:
    with pytest.raises(ContextNotAllowedError) as info:
        default_loader()(url, {})
    assert url in str(info.value)


def test_extra_documents_are_served() -> None:
    loader = OfflineLoader({"https://example.org/ctx": {"@context": {"x": "https://e.org/x"}}})
    assert loader("https://example.org/ctx", {})["document"]["@context"]["x"] == "https://e.org/x"
