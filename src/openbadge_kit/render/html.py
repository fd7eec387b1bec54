"""``render_html``: one self-contained HTML page that shows a badge to people.

The page has inline CSS, the badge image as a ``data:`` URI, no script and no remote
resource, and a Content-Security-Policy that forbids both; every value from the
credential is cleaned (:mod:`.safe`) and escaped by Jinja2's autoescaping.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInputError
from .source import credential_dict
from .view import build_view

if TYPE_CHECKING:
    import jinja2

    from ..verify.report import VerificationReport


@cache
def environment() -> jinja2.Environment:
    """The package's Jinja2 environment: its templates, autoescaping on for all of them."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("openbadge_kit.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(credential: Any, report: VerificationReport | None = None, *,
                image: bytes | None = None, now: datetime | None = None,
                credential_url: str | None = None) -> str:
    """The display page of ``credential`` (a JSON object or a model) as HTML text.

    ``report`` (from :func:`openbadge_kit.verify.verify`) is shown check by check, as of
    its ``checked_at`` time; without one the page says it did not verify the badge.
    ``image`` is the baked PNG or SVG the credential came in, embedded as the badge
    image; otherwise the achievement's image is used when it is a ``data:`` URI of an
    image type, and a neutral placeholder when not.  ``now`` (timezone-aware) is the
    time the page states it was made.  ``credential_url`` (an ``http(s)`` URL where the
    badge is published) goes into the LinkedIn link.  Nothing is fetched.

    Raises :class:`~openbadge_kit.errors.InvalidInputError` when ``credential`` is not a
    JSON object, ``now`` has no time zone or ``credential_url`` is not an http(s) URL.
    """
    from ..dates import utcnow

    data = credential_dict(credential)
    if now is None:
        now = utcnow()
    elif now.tzinfo is None:
        raise InvalidInputError("now must be timezone-aware", code="datetime_invalid")
    if image is not None and not isinstance(image, (bytes, bytearray, memoryview)):
        raise InvalidInputError(f"image must be bytes, not {type(image).__name__}",
                                code="image_invalid")
    view = build_view(data, report, image=bytes(image) if image is not None else None,
                      now=now, credential_url=credential_url)
    return environment().get_template("badge.html.j2").render(v=view)
