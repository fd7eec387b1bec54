"""What the display page shows, as plain, already-cleaned values (no HTML here).

:func:`build_view` reads a credential's JSON (see :mod:`.source`) and a verification
report into a :class:`PageView` of short strings, links that passed
:func:`~openbadge_kit.render.safe.safe_link` and one safe image ``data:`` URI.  The
template only lays these out; Jinja2 autoescaping escapes every string.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from .linkedin import linkedin_add_to_profile_url
from .safe import LONG, clean_text, image_data_uri, safe_link
from .source import as_list, issuer_of, mapping, parse_date, text_of

if TYPE_CHECKING:
    from ..verify.report import VerificationReport

#: check name -> what it means, in plain words
CHECK_LABELS = {
    "input": "The badge file could be read",
    "parse": "It is a well-formed credential",
    "context": "Its vocabulary (JSON-LD contexts) is known",
    "schema": "It follows the Open Badges 3.0 format",
    "proof": "The issuer's digital signature is valid",
    "validity": "It is within its dates of validity",
    "status": "It has not been revoked or suspended",
    "endorsements": "Endorsements",
    "issuer": "Issuer",
    "recipient": "Recipient",
    "subject": "Subject",
    "refresh": "Refresh service",
}
#: status value -> (symbol, word) shown on the page
STATUS_WORDS = {
    "passed": ("✓", "passed"),
    "failed": ("✗", "failed"),
    "warning": ("!", "warning"),
    "skipped": ("–", "does not apply"),
    "not_checked": ("?", "not checked"),
}
HASHED_EXPLANATION = (
    "The earner is named by a salted hash of their e-mail address, so this page cannot "
    "show the address. Anyone who knows the address can check that it is the earner's: "
    "openbadge verify BADGE --recipient ADDRESS."
)


@dataclass
class Link:
    """Text shown, and where it links to (``None``: not an http(s) URL, shown as text)."""

    text: str
    href: str | None = None


@dataclass
class Row:
    """One labelled value of a definition list."""

    label: str
    value: str
    href: str | None = None


@dataclass
class Endorsement:
    """An endorsement: who, about what, their comment, and its verification verdict."""

    endorser: str
    endorser_id: str
    about: str
    comment: str
    verdict: str | None = None


@dataclass
class Check:
    """One line of the verification report."""

    symbol: str
    word: str
    status: str
    label: str
    message: str


@dataclass
class PageView:
    """Everything the display page shows."""

    title: str
    lang: str
    image_uri: str
    image_alt: str
    image_source: str  #: baked, achievement or placeholder
    achievement: list[Row]
    description: str
    criteria: str
    criteria_link: Link | None
    issuer: list[Row]
    recipient: list[Row]
    recipient_note: str | None
    dates: list[Row]
    evidence: list[list[Row]]
    alignments: list[list[Row]]
    results: list[list[Row]]
    endorsements: list[Endorsement]
    verdict: str | None
    verified: bool
    #: a proof verified (the content is the issuer's, whatever else failed)
    proof_passed: bool
    checked_at: str
    checks: list[Check]
    linkedin_url: str
    generated_at: str
    notes: list[str] = field(default_factory=list)


def human_date(value: datetime) -> str:
    """``26 November 2026, 19:22 UTC`` (English month names, always UTC)."""
    utc = value.astimezone(timezone.utc)
    return f"{utc.day} {utc:%B %Y, %H:%M} UTC"


def spaced(type_name: str) -> str:
    """``MicroCredential`` -> ``Micro Credential``; ``ext:`` prefixes dropped."""
    name = type_name.removeprefix("ext:")
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)


def _row(rows: list[Row], label: str, value: Any, limit: int = 300, *,
         link: bool = False) -> None:
    if value is None or isinstance(value, (Mapping, list)):
        return
    text = clean_text(value, limit)
    if text.strip():
        rows.append(Row(label, text, safe_link(value) if link else None))


def _date_rows(data: Mapping[str, Any]) -> list[Row]:
    rows: list[Row] = []
    for label, keys in (("Awarded", ("awardedDate",)),
                        ("Valid from", ("validFrom", "issuanceDate")),
                        ("Valid until", ("validUntil", "expirationDate"))):
        for key in keys:
            raw = data.get(key)
            if raw is None:
                continue
            parsed = parse_date(raw)
            rows.append(Row(label, human_date(parsed) if parsed else
                            clean_text(raw) + " (not a valid date)"))
            break
    return rows


def _recipient(subject: Mapping[str, Any]) -> tuple[list[Row], str | None]:
    rows: list[Row] = []
    note = None
    _row(rows, "Identifier", text_of(subject, "id"), 500, link=True)
    for identity in as_list(subject.get("identifier"), 20):
        identity = mapping(identity)
        raw_kind = text_of(identity, "identityType") or "identifier"
        email = raw_kind == "emailAddress"
        kind = "e-mail address" if email else clean_text(spaced(raw_kind)).lower()
        if identity.get("hashed") is False:
            _row(rows, kind[:1].upper() + kind[1:], text_of(identity, "identityHash"), 500)
        else:
            rows.append(Row("Recipient", f"hashed {kind}"))
            note = HASHED_EXPLANATION if email else (
                f"The earner is named by a salted hash of their {kind}; this page cannot "
                "show it.")
    if not rows:
        rows.append(Row("Recipient", "not named in the credential"))
    return rows, note


def _evidence(data: Mapping[str, Any]) -> list[list[Row]]:
    out = []
    for item in as_list(data.get("evidence"), 50):
        item = mapping(item)
        rows: list[Row] = []
        _row(rows, "Name", text_of(item, "name"))
        _row(rows, "Description", text_of(item, "description"), LONG)
        _row(rows, "Narrative", text_of(item, "narrative"), LONG)
        _row(rows, "Genre", text_of(item, "genre"))
        _row(rows, "Audience", text_of(item, "audience"))
        _row(rows, "Link", text_of(item, "id"), 500, link=True)
        if rows:
            out.append(rows)
    return out


def _alignments(achievement: Mapping[str, Any]) -> list[list[Row]]:
    out = []
    for item in as_list(achievement.get("alignment"), 100):
        item = mapping(item)
        rows: list[Row] = []
        name = text_of(item, "targetName") or "Alignment"
        rows.append(Row("Competency", clean_text(name), safe_link(item.get("targetUrl"))))
        _row(rows, "Framework", text_of(item, "targetFramework"))
        _row(rows, "Code", text_of(item, "targetCode"))
        target_type = text_of(item, "targetType")
        if target_type:
            rows.append(Row("Type", clean_text(target_type)))
        _row(rows, "Description", text_of(item, "targetDescription"), LONG)
        out.append(rows)
    return out


def _level_name(description: Mapping[str, Any] | None, level_id: str) -> str:
    """The name (and points) of a rubric level, resolved with the models' helpers."""
    from ..errors import OpenBadgeError
    from ..models.result import ResultDescription

    if description is not None:
        try:
            level = ResultDescription.from_jsonld(description).level(level_id)
        except OpenBadgeError:
            pass
        else:
            points = f" ({level.points} point{'' if level.points == '1' else 's'})" \
                if level.points else ""
            return clean_text(level.name) + points
    return clean_text(level_id, 500) + " (level not described by the achievement)"


def _results(subject: Mapping[str, Any], achievement: Mapping[str, Any]) -> list[list[Row]]:
    descriptions = {d.get("id"): d for d in as_list(achievement.get("resultDescription"), 200)
                    if isinstance(d, Mapping) and isinstance(d.get("id"), str)}
    out = []
    for result in as_list(subject.get("result"), 200):
        result = mapping(result)
        rows: list[Row] = []
        description = descriptions.get(result.get("resultDescription"))
        name = text_of(description, "name") if description else None
        rows.append(Row("Result", clean_text(name or text_of(result, "resultDescription")
                                             or "Result")))
        level = text_of(result, "achievedLevel")
        if level:
            rows.append(Row("Level achieved", _level_name(description, level)))
        _row(rows, "Value", text_of(result, "value"))
        if description:
            low, high = text_of(description, "valueMin"), text_of(description, "valueMax")
            if low and high:
                rows.append(Row("Range", f"{clean_text(low)} to {clean_text(high)}"))
            elif low or high:
                rows.append(Row("Range", f"at least {clean_text(low)}" if low
                                else f"at most {clean_text(high)}"))
            _row(rows, "Required", text_of(description, "requiredValue"))
            required = text_of(description, "requiredLevel")
            if required:
                rows.append(Row("Required level", _level_name(description, required)))
        _row(rows, "Status", text_of(result, "status"))
        out.append(rows)
    return out


def _endorsements(data: Mapping[str, Any], achievement: Mapping[str, Any],
                  report: VerificationReport | None) -> list[Endorsement]:
    verdicts: dict[str, str] = {}
    if report is not None:
        for sub in report.endorsements:
            if sub.summary.credential_id:
                verdicts[sub.summary.credential_id] = sub.verdict_text()
    out = []
    issuer = data.get("issuer")
    places = [("this badge", data), ("the achievement", achievement),
              ("the issuer", mapping(issuer))]
    for about, holder in places:
        for item in as_list(holder.get("endorsement"), 20):
            item = mapping(item)
            name, endorser_id, _ = issuer_of(item)
            comment = text_of(mapping(item.get("credentialSubject")), "endorsementComment")
            eid = text_of(item, "id")
            out.append(Endorsement(
                endorser=clean_text(name or endorser_id or "unnamed endorser"),
                endorser_id=clean_text(endorser_id, 500),
                about=about, comment=clean_text(comment, LONG),
                verdict=verdicts.get(eid) if eid else None))
    return out


def _checks(report: VerificationReport) -> list[Check]:
    out = []
    for check in report.checks:
        symbol, word = STATUS_WORDS.get(check.status.value, ("?", check.status.value))
        out.append(Check(symbol=symbol, word=word, status=check.status.value,
                         label=CHECK_LABELS.get(check.check, clean_text(check.check)),
                         message=clean_text(check.message, 1000)))
    return out


def build_view(data: Mapping[str, Any], report: VerificationReport | None, *,
               image: bytes | None, now: datetime,
               credential_url: str | None = None) -> PageView:
    """The page's content for credential ``data`` (a JSON object) and its report."""
    subject = mapping(data.get("credentialSubject"))
    achievement = mapping(subject.get("achievement"))
    name = clean_text(text_of(achievement, "name") or text_of(data, "name")
                      or "Untitled badge")
    notes: list[str] = []
    image_uri, source = image_data_uri(image), "baked"
    if image is not None and image_uri is None:
        notes.append("The badge image could not be shown (not a PNG, SVG, JPEG, GIF or "
                     "WebP image, or too large).")
    caption = None
    if image_uri is None:
        img = achievement.get("image")
        img_id = img if isinstance(img, str) else text_of(img, "id")
        caption = text_of(img, "caption")
        image_uri, source = image_data_uri(img_id) if img_id else None, "achievement"
    if image_uri is None:
        image_uri, source = PLACEHOLDER_SVG, "placeholder"
    alt = clean_text(caption) if caption else f"Badge image for {name}"
    if source == "placeholder":
        alt = f"No image available for {name} (placeholder)"

    rows: list[Row] = []
    _row(rows, "Name", text_of(achievement, "name"))
    achievement_type = text_of(achievement, "achievementType")
    if achievement_type:
        rows.append(Row("Type", clean_text(spaced(achievement_type))))
    _row(rows, "Field of study", text_of(achievement, "fieldOfStudy"))
    _row(rows, "Code", text_of(achievement, "humanCode"))
    _row(rows, "Credits available", text_of(achievement, "creditsAvailable"))
    tags = [clean_text(t, 80) for t in as_list(achievement.get("tag"), 30) if isinstance(t, str)]
    if tags:
        rows.append(Row("Tags", ", ".join(tags)))
    _row(rows, "Achievement id", text_of(achievement, "id"), 500, link=True)

    criteria = mapping(achievement.get("criteria"))
    criteria_id = text_of(criteria, "id")
    issuer_name, issuer_id, issuer_url = issuer_of(data)
    issuer_rows: list[Row] = []
    _row(issuer_rows, "Name", issuer_name)
    _row(issuer_rows, "Website", issuer_url, 500, link=True)
    _row(issuer_rows, "Identifier", issuer_id, 500, link=True)
    _row(issuer_rows, "E-mail", text_of(mapping(data.get("issuer")), "email"))
    if not issuer_rows:
        issuer_rows.append(Row("Issuer", "not named in the credential"))

    recipient_rows, recipient_note = _recipient(subject)
    _row(recipient_rows, "Narrative", text_of(subject, "narrative"), LONG)
    _row(recipient_rows, "Credits earned", text_of(subject, "creditsEarned"))
    _row(recipient_rows, "Role", text_of(subject, "role"))

    checked = report.checked_at if report is not None and report.checked_at else now
    lang = clean_text(text_of(achievement, "inLanguage") or "en", 20)
    if not re.fullmatch(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*", lang):
        lang = "en"
    linkedin = linkedin_add_to_profile_url(data, credential_url=credential_url)
    return PageView(
        title=name,
        lang=lang,
        image_uri=image_uri,
        image_alt=alt,
        image_source=source,
        achievement=rows,
        description=clean_text(text_of(achievement, "description"), LONG),
        criteria=clean_text(text_of(criteria, "narrative"), LONG),
        criteria_link=Link(clean_text(criteria_id, 500), safe_link(criteria_id))
        if criteria_id else None,
        issuer=issuer_rows,
        recipient=recipient_rows,
        recipient_note=recipient_note,
        dates=_date_rows(data),
        evidence=_evidence(data),
        alignments=_alignments(achievement),
        results=_results(subject, achievement),
        endorsements=_endorsements(data, achievement, report),
        verdict=report.verdict_text() if report is not None else None,
        verified=report.verified if report is not None else False,
        proof_passed=report.proof_passed if report is not None else False,
        checked_at=human_date(checked),
        checks=_checks(report) if report is not None else [],
        linkedin_url=linkedin,
        generated_at=human_date(now),
        notes=notes,
    )


#: a neutral badge outline, used when there is no image that is safe to embed
_PLACEHOLDER = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120">'
    '<circle cx="60" cy="52" r="40" fill="#e8ecf0" stroke="#5a646e" stroke-width="4"/>'
    '<path d="M38 84l-10 30 18-6 6 16 12-30zM82 84l10 30-18-6-6 16-12-30z" fill="#5a646e"/>'
    "</svg>"
)
PLACEHOLDER_SVG = "data:image/svg+xml;base64," + base64.b64encode(_PLACEHOLDER.encode()).decode()
