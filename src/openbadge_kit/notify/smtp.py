"""Send a message through an SMTP server named by a URL.

``smtps://host[:465]`` speaks TLS from the first byte; ``smtp://host[:587]`` upgrades
with STARTTLS, which is **required** (a server that does not offer it is an error, never a
silent downgrade to plain text) unless the URL says ``?starttls=never``.  Credentials come
from the URL (``smtp://user:password@host``, percent-encoded) or else from the
environment (``OPENBADGE_SMTP_USER`` / ``OPENBADGE_SMTP_PASSWORD``); they are never sent
over an unencrypted connection except to a loopback server.  Every network operation has
a timeout, and every failure is a :class:`~openbadge_kit.errors.NotificationError` with a
stable code: ``smtp_url_invalid``, ``smtp_connect_failed``, ``smtp_timeout``,
``smtp_tls_failed``, ``smtp_starttls_unavailable``, ``smtp_auth_failed``,
``smtp_refused``, ``smtp_insecure_auth``.
"""

from __future__ import annotations

import ipaddress
import os
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage, Message
from urllib.parse import parse_qs, unquote, urlsplit

from ..errors import NotificationError

#: environment variables read for credentials when the URL has none
USER_ENV = "OPENBADGE_SMTP_USER"
PASSWORD_ENV = "OPENBADGE_SMTP_PASSWORD"  # noqa: S105 (a variable name, not a secret)
#: default seconds for connecting and for each reply
DEFAULT_TIMEOUT = 30.0


@dataclass(frozen=True)
class SmtpTarget:
    """A parsed SMTP URL (the password is kept out of ``repr``)."""

    host: str
    port: int
    implicit_tls: bool
    starttls: bool
    user: str | None
    password: str | None

    def __repr__(self) -> str:
        scheme = "smtps" if self.implicit_tls else "smtp"
        return f"SmtpTarget({scheme}://{self.host}:{self.port}, user={self.user!r})"

    @property
    def encrypted(self) -> bool:
        """Whether the session is encrypted before any credential is sent."""
        return self.implicit_tls or self.starttls

    @property
    def loopback(self) -> bool:
        """Whether the server is on this machine (127.0.0.0/8, ::1, localhost)."""
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


def parse_smtp_url(url: str, *, env: Mapping[str, str] | None = None) -> SmtpTarget:
    """Read ``smtp://`` / ``smtps://`` URL ``url`` (and the environment's credentials)."""
    environ = os.environ if env is None else env
    if not isinstance(url, str) or any(c.isspace() for c in url.strip()):
        raise NotificationError("the SMTP URL must be text without spaces",
                                code="smtp_url_invalid")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise NotificationError(f"not a valid SMTP URL ({exc})", code="smtp_url_invalid") \
            from None
    scheme = parts.scheme.lower()
    if scheme not in ("smtp", "smtps") or not parts.hostname:
        raise NotificationError("the SMTP URL must look like smtp://host[:port] or "
                                "smtps://host[:port]", code="smtp_url_invalid")
    options = parse_qs(parts.query, keep_blank_values=True)
    unknown = set(options) - {"starttls"}
    if unknown:
        raise NotificationError(f"unknown SMTP URL option(s): {', '.join(sorted(unknown))} "
                                "(only starttls=required|never)", code="smtp_url_invalid")
    mode = options.get("starttls", ["required"])[-1].lower()
    if mode not in ("required", "never"):
        raise NotificationError(f"starttls must be 'required' or 'never', not {mode!r}",
                                code="smtp_url_invalid")
    implicit = scheme == "smtps"
    if implicit and "starttls" in options:
        raise NotificationError("smtps:// is already TLS; starttls does not apply",
                                code="smtp_url_invalid")
    user = unquote(parts.username) if parts.username else environ.get(USER_ENV) or None
    if parts.password is not None:
        password: str | None = unquote(parts.password)
    else:
        password = environ.get(PASSWORD_ENV) if user else None
    return SmtpTarget(host=parts.hostname, port=port or (465 if implicit else 587),
                      implicit_tls=implicit, starttls=not implicit and mode == "required",
                      user=user, password=password)


def send(message: Message, smtp_url: str, *, timeout: float = DEFAULT_TIMEOUT,
         ssl_context: ssl.SSLContext | None = None,
         env: Mapping[str, str] | None = None) -> None:
    """Send ``message`` (its ``From`` / ``To`` / ``Cc`` headers) through ``smtp_url``.

    ``timeout`` bounds connecting and every reply, in seconds.  ``ssl_context`` defaults
    to the system's trusted certificates with host name checking.  ``env`` replaces
    ``os.environ`` as the source of ``OPENBADGE_SMTP_USER`` / ``OPENBADGE_SMTP_PASSWORD``.
    Raises :class:`~openbadge_kit.errors.NotificationError` (see the module's codes);
    returns only when the server accepted the message for every recipient.
    """
    if not isinstance(message, (EmailMessage, Message)):
        raise NotificationError("send needs an email.message.EmailMessage",
                                code="message_invalid")
    if not message.get("From") or not (message.get("To") or message.get("Cc")):
        raise NotificationError("the message needs From and To headers",
                                code="message_invalid")
    if not timeout or timeout <= 0:
        raise NotificationError("timeout must be a positive number of seconds",
                                code="smtp_url_invalid")
    target = parse_smtp_url(smtp_url, env=env)
    if target.user and not target.encrypted and not target.loopback:
        raise NotificationError(
            f"refusing to send the SMTP password to {target.host} without encryption "
            "(use smtps:// or STARTTLS)", code="smtp_insecure_auth")
    if target.user and target.password is None:
        raise NotificationError(f"SMTP user {target.user!r} has no password (set "
                                f"{PASSWORD_ENV} or put it in the URL)",
                                code="smtp_auth_failed")
    context = ssl_context or ssl.create_default_context()
    where = f"{target.host}:{target.port}"
    try:
        _deliver(message, target, timeout, context)
    except NotificationError:
        raise
    except smtplib.SMTPServerDisconnected as exc:
        if isinstance(exc.__context__, TimeoutError):  # smtplib rewraps a reply timeout
            raise NotificationError(f"SMTP server {where} did not answer within "
                                    f"{timeout:g} s", code="smtp_timeout") from None
        raise NotificationError(f"SMTP server {where} closed the connection: {exc}",
                                code="smtp_connect_failed") from None
    except TimeoutError:
        raise NotificationError(f"SMTP server {where} did not answer within {timeout:g} s",
                                code="smtp_timeout") from None
    except ssl.SSLError as exc:
        hint = (" (the server does not speak TLS: for a server that upgrades with STARTTLS "
                "use smtp://)" if exc.reason == "WRONG_VERSION_NUMBER" else "")
        raise NotificationError(f"TLS with SMTP server {where} failed: "
                                f"{exc.reason or exc}{hint}", code="smtp_tls_failed") from None
    except smtplib.SMTPAuthenticationError as exc:
        raise NotificationError(f"SMTP server {where} refused the login: "
                                f"{exc.smtp_code} {_text(exc.smtp_error)}",
                                code="smtp_auth_failed") from None
    except smtplib.SMTPRecipientsRefused as exc:
        refused = ", ".join(f"{r} ({c} {_text(m)})" for r, (c, m) in exc.recipients.items())
        raise NotificationError(f"SMTP server {where} refused recipient(s): {refused}",
                                code="smtp_refused") from None
    except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
        raise NotificationError(f"SMTP server {where} refused the message: "
                                f"{exc.smtp_code} {_text(exc.smtp_error)}",
                                code="smtp_refused") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise NotificationError(f"cannot deliver through SMTP server {where}: "
                                f"{type(exc).__name__}: {exc}",
                                code="smtp_connect_failed") from None


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _deliver(message: Message, target: SmtpTarget, timeout: float,
             context: ssl.SSLContext) -> None:
    client: smtplib.SMTP
    if target.implicit_tls:
        client = smtplib.SMTP_SSL(target.host, target.port, timeout=timeout, context=context)
    else:
        client = smtplib.SMTP(target.host, target.port, timeout=timeout)
    try:
        client.ehlo()
        if target.starttls:
            if not client.has_extn("starttls"):
                raise NotificationError(
                    f"SMTP server {target.host}:{target.port} does not offer STARTTLS, "
                    "which is required (use smtps://, or ?starttls=never for a trusted "
                    "local relay)", code="smtp_starttls_unavailable")
            client.starttls(context=context)
            client.ehlo()
        if target.user and target.password is not None:
            client.login(target.user, target.password)
        refused = client.send_message(message)
        if refused:
            raise smtplib.SMTPRecipientsRefused(refused)
    finally:
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            client.close()
