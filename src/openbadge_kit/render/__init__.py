"""People-facing views of a badge: the HTML display page and the LinkedIn share link.

``render_html(credential, report=None, *, image=None, now=None)`` returns one
self-contained HTML page (see ``docs/display-and-notify.md``);
``linkedin_add_to_profile_url(credential, *, credential_url=None)`` the LinkedIn
"add certification to profile" link.
"""

from __future__ import annotations

from .html import render_html
from .linkedin import linkedin_add_to_profile_url

__all__ = ["linkedin_add_to_profile_url", "render_html"]
