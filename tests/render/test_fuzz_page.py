"""Property: whatever JSON a credential holds, the page keeps the template's structure."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openbadge_kit.render import render_html

from .page import Page
from .samples import NOW, unsigned_rich
from .test_html import TEMPLATE_TAGS

NASTY = st.sampled_from([
    "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=", "\u202e\u2066x\u2069", "</dl></section><b>",
    "{{ 7*7 }}", "{% raw %}", "https://ok.example/\"onclick=\"x", "&lt;script&gt;", "\x00\x1b",
])
TEXT = st.one_of(NASTY, st.text(max_size=40))
JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(
                                ["id", "name", "type", "url", "narrative", "targetUrl",
                                 "achievedLevel", "caption", "endorsementComment"]),
                                inner, max_size=3)),
    max_leaves=8)
PLACES = [("name",), ("issuer",), ("issuer", "name"), ("issuer", "url"), ("evidence",),
          ("validFrom",), ("credentialSubject", "id"), ("credentialSubject", "identifier"),
          ("credentialSubject", "result"), ("credentialSubject", "achievement", "name"),
          ("credentialSubject", "achievement", "image"),
          ("credentialSubject", "achievement", "alignment"),
          ("credentialSubject", "achievement", "criteria"),
          ("credentialSubject", "achievement", "inLanguage"),
          ("credentialSubject", "achievement", "resultDescription")]
BASE = unsigned_rich()


def _put(doc: Any, path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        doc = doc.get(key) if isinstance(doc, dict) else None
    if isinstance(doc, dict):  # an earlier change may have replaced the parent
        doc[path[-1]] = value


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PLACES), JSON), min_size=1, max_size=4))
def test_any_values_render_inert(changes: list[tuple[tuple[str, ...], Any]]) -> None:
    doc = copy.deepcopy(BASE)
    for path, value in changes:
        _put(doc, path, value)
    page = Page(render_html(doc, now=NOW))
    assert page.names() <= TEMPLATE_TAGS
    assert not [k for _, a in page.tags for k in a if k.startswith("on")]
    assert all(h.startswith(("http://", "https://")) for h in page.attrs("href"))
    assert all(s.startswith("data:image/") for s in page.attrs("src"))
    assert page.tags[0][0] == "html" and page.tags[0][1]["lang"].isascii()
