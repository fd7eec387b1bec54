"""The display page: what it shows, that it is self-contained, and that it stays inert."""

from __future__ import annotations

import base64
import itertools
import re
from pathlib import Path

import pytest

from openbadge_kit.bake import bake
from openbadge_kit.errors import InvalidInputError
from openbadge_kit.models import AchievementCredential
from openbadge_kit.render import render_html
from openbadge_kit.render.safe import LONG, image_data_uri, safe_link
from openbadge_kit.render.view import PLACEHOLDER_SVG
from openbadge_kit.verify import verify

from .page import Page
from .samples import NOW, hostile_credential, rich_credential

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
#: tags the template uses; a credential must never add one
TEMPLATE_TAGS = {"html", "head", "meta", "title", "style", "body", "div", "header", "img",
                 "p", "h1", "h2", "h3", "main", "section", "dl", "dt", "dd", "a", "bdi",
                 "ul", "li", "strong", "span", "code", "footer"}
PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


@pytest.fixture(scope="module")
def rich() -> tuple[str, Page]:
    credential = rich_credential()
    html = render_html(credential, verify(credential, now=NOW), now=NOW)
    return html, Page(html)


def test_page_shows_the_badge_in_words(rich: tuple[str, Page]) -> None:
    _, page = rich
    text = page.text
    for expected in ("Job Search & Interview Skills", "Prepares a resume and handles a job",
                     "Micro Credential", "Every assignment graded Complete.",
                     "Example Career Program", "Regional Employer Council",
                     "Matches what we look for in new hires.", "hashed e-mail address",
                     "salted hash of their e-mail address", "1 May 2026, 12:00 UTC",
                     "1 May 2030, 12:00 UTC", "Reviewed by a mentor on site.",
                     "Mock Interview", "Illustrative framework", "ceasn:Competency",
                     "As of 1 June 2026, 12:00 UTC: VERIFIED",
                     "The issuer's digital signature is valid"):
        assert expected in text, expected
    # the issuer's website and id, the evidence and alignment are links
    hrefs = page.attrs("href")
    assert "https://jmg.example.org/" in hrefs
    assert "https://badges.example.org/demo/evidence/avery/resume" in hrefs
    assert "https://badges.example.org/demo/skills/mock-interview" in hrefs
    assert page.text.count("✓") >= 6


def test_rubric_levels_are_shown_by_name(rich: tuple[str, Page]) -> None:
    text = rich[1].text
    assert "JOB-1: Resume reviewed by a mentor Level achieved Complete (1 point)" in text
    assert "JOB-3: Mock interview Level achieved Incomplete (0 points) " \
           "Required level Complete (1 point)" in text
    assert "Hours of employer engagement Value 2.5 Range at least 0 Required 2" in text
    assert "urn:uuid" not in text.split("Results", 1)[1].split("Evidence", 1)[0]


def test_page_is_self_contained_accessible_and_printable(rich: tuple[str, Page]) -> None:
    html, page = rich
    assert html.startswith("<!DOCTYPE html>")
    assert page.tags[0] == ("html", {"lang": "en"})
    csp = [a["content"] for t, a in page.tags
           if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp == ["default-src 'none'; img-src data:; style-src 'unsafe-inline'"]
    assert any(a.get("name") == "viewport" for t, a in page.tags if t == "meta")
    assert "@media print" in html and "@media (max-width" in html
    assert {"header", "main", "section", "footer"} <= page.names()
    assert "script" not in page.names() and "link" not in page.names()
    # every resource is inline: images are data: URIs, nothing else loads
    assert all(src.startswith("data:image/") for src in page.attrs("src"))
    assert not re.search(r"url\(", html)
    imgs = [a for t, a in page.tags if t == "img"]
    assert imgs and all(a.get("alt") for a in imgs)
    headings = [int(t[1]) for t, _ in page.tags if re.fullmatch(r"h[1-6]", t)]
    assert headings[0] == 1 and headings.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(headings))


def _luminance(hex_color: str) -> float:
    value = hex_color.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_text_colours_have_at_least_4_5_to_1_contrast(rich: tuple[str, Page]) -> None:
    css = rich[0].split("<style>", 1)[1].split("@media print", 1)[0]
    checked = 0
    for rule in re.findall(r"\{([^{}]*)\}", css):
        fg = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})", rule)
        if not fg:
            continue
        bg = re.search(r"background:\s*(#[0-9a-fA-F]{3,6})", rule)
        backgrounds = [bg.group(1)] if bg else ["#ffffff", "#f3f5f7"]  # cards, page
        for background in backgrounds:
            ratio = _contrast(fg.group(1), background)
            assert ratio >= 4.5, (rule, background, ratio)
            checked += 1
    assert checked >= 10


def test_failed_and_missing_reports_are_stated() -> None:
    credential = rich_credential()
    credential["credentialSubject"]["achievement"]["name"] = "Forged name"
    page = Page(render_html(credential, verify(credential, now=NOW), now=NOW))
    assert "✗ NOT VERIFIED" in page.text
    # no proof verified: the page says the content is only the badge's own claim
    assert "everything below is what the badge claims about itself" in page.text
    assert re.search(r"✗ The issuer's digital signature is valid \(failed\)", page.text)
    genuine = rich_credential()
    genuine_page = Page(render_html(genuine, verify(genuine, now=NOW), now=NOW))
    assert "what the badge claims about itself" not in genuine_page.text
    unverified = Page(render_html(rich_credential(), now=NOW))
    assert "Not verified by this page" in unverified.text
    assert "made without verifying the badge" in unverified.text


def test_hostile_credential_renders_inert() -> None:
    credential = hostile_credential()
    html = render_html(credential, verify(credential, now=NOW), now=NOW)
    page = Page(html)
    assert page.names() <= TEMPLATE_TAGS
    assert not [k for _, a in page.tags for k in a if k.startswith("on")]
    assert all(h.startswith("https://") for h in page.attrs("href"))
    assert all(s.startswith("data:image/") for s in page.attrs("src"))
    assert "javascript:" not in " ".join(page.attrs("href") + page.attrs("src"))
    assert "<script" not in html.lower() and "<iframe" not in html.lower()
    # the markup is shown as text, escaped
    assert "&lt;script&gt;" in html and "<script>document.body" in page.text
    # no right-to-left override reaches the page; names are isolated with <bdi>
    assert "\u202e" not in html and "<h1><bdi>" in html
    # a 200,000-character description is cut, and the page stays small
    assert len(html) < 60_000
    assert "A" * (LONG - 1) + "…" in page.text
    # the remote image is not loaded: the placeholder is shown instead
    assert page.attrs("src") == [PLACEHOLDER_SVG]
    # the javascript: issuer URL is text, not a link
    assert "https://evil.example/criteria" in page.attrs("href")


@pytest.mark.parametrize(("url", "ok"), [
    ("https://example.org/a?b=c#d", True),
    ("http://127.0.0.1:8080/x", True),
    ("HTTPS://EXAMPLE.ORG/", True),
    ("javascript:alert(1)", False),
    ("JaVaScRiPt:alert(1)", False),
    (" https://example.org/", False),
    ("https://example.org/\u202e", False),
    ("https://exa mple.org/", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("//example.org/", False),
    ("/relative", False),
    ("https:///nohost", False),
    ("https://example.org:99999/", False),
    ('https://example.org/"onmouseover=', False),
    ("https://example.org/" + "a" * 3000, False),
    (None, False),
])
def test_only_http_urls_become_links(url: str | None, ok: bool) -> None:
    assert (safe_link(url) is not None and safe_link(url) == url) is ok


def test_images_embed_only_real_image_types() -> None:
    uri = image_data_uri(PNG_1PX)
    assert uri == "data:image/png;base64," + base64.b64encode(PNG_1PX).decode()
    b64 = base64.b64encode(PNG_1PX).decode()
    assert image_data_uri(f"data:image/png;base64,{b64}") == uri
    assert image_data_uri(f"data:text/html;base64,{b64}") is None  # not an image type
    assert image_data_uri(f"data:image/gif;base64,{b64}") is None  # bytes are a PNG
    assert image_data_uri("data:image/png;base64,@@@") is None
    assert image_data_uri("https://example.org/a.png") is None
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'
    assert image_data_uri("data:image/svg+xml," + svg.replace("<", "%3C")).startswith(
        "data:image/svg+xml;base64,")
    assert image_data_uri(b"<html><script>alert(1)</script></html>") is None
    assert image_data_uri(b"\xff\xd8\xff\xe0jpeg") == "data:image/jpeg;base64," + \
        base64.b64encode(b"\xff\xd8\xff\xe0jpeg").decode()


def test_baked_image_is_the_page_image() -> None:
    credential = rich_credential()
    baked = bake(PNG_1PX, credential)
    page = Page(render_html(credential, verify(baked, now=NOW), image=baked, now=NOW))
    assert page.attrs("src") == ["data:image/png;base64," + base64.b64encode(baked).decode()]
    assert "VERIFIED" in page.text
    # else the achievement's data: image, with its caption as alt text
    credential["credentialSubject"]["achievement"]["image"] = {
        "id": "data:image/png;base64," + base64.b64encode(PNG_1PX).decode(),
        "type": "Image", "caption": "A blue medal"}
    page = Page(render_html(credential, now=NOW))
    img = next(a for t, a in page.tags if t == "img")
    assert img["alt"] == "A blue medal" and img["src"].startswith("data:image/png;base64,")
    page = Page(render_html(credential, image=b"not an image", now=NOW))
    assert "could not be shown" in page.text


def test_models_and_vectors_render() -> None:
    model = AchievementCredential.from_jsonld(rich_credential())
    assert "Job Search &amp; Interview Skills" in render_html(model, now=NOW)
    vector = VECTORS / "1edtech-dc-public-validator" / "ob30" / "simple-json.png"
    data = vector.read_bytes()
    report = verify(data, now=NOW)
    assert report.credential is not None
    page = Page(render_html(report.credential, report, image=data, now=NOW))
    assert page.attrs("src")[0].startswith("data:image/png;base64,")
    assert report.summary.achievement_name and report.summary.achievement_name in page.text


@pytest.mark.parametrize("shape", [
    {"credentialSubject": "nope", "issuer": 7, "evidence": "x", "validFrom": "yesterday"},
    {"credentialSubject": {"achievement": {"name": ["list"], "alignment": [1, None]},
                           "result": [{"achievedLevel": "urn:x:1", "resultDescription": 5}]}},
    {},
])
def test_malformed_credentials_still_render(shape: dict[str, object]) -> None:
    page = Page(render_html(shape, now=NOW))
    assert "Untitled badge" in page.text or "Open Badge" in page.text


def test_bad_arguments_are_library_errors() -> None:
    with pytest.raises(InvalidInputError):
        render_html("not a credential")
    with pytest.raises(InvalidInputError):
        render_html({}, now=NOW.replace(tzinfo=None))
    with pytest.raises(InvalidInputError):
        render_html({}, image="a path")  # type: ignore[arg-type]
