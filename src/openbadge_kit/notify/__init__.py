"""Tell earners about their badges: compose the award e-mail, send it over SMTP.

``compose_award_message(credential, *, to, sender, ...)`` builds the message (see
:mod:`.message`); ``send(message, smtp_url)`` delivers it (see :mod:`.smtp`).  Nothing
touches the network unless the caller calls ``send`` with a server.
"""

from __future__ import annotations

from .message import compose_award_message
from .smtp import send

__all__ = ["compose_award_message", "send"]
