"""Check 3, JSON Schema conformance (OB 3.0 "Verification" step 1).

Two kinds of result: the bundled OB 3.0 JSON Schema for the credential's type, and one
result per ``credentialSchema`` entry of type ``1EdTechJsonSchemaValidator2019`` (its
schema validated when bundled, or fetched when the caller allowed the network; else
"not checked").  Entries of other types are reported as not checked: unknown schema
types are ignored, never failed.
"""

from __future__ import annotations

from typing import Any

from ..report import CheckStatus
from ..state import VerifyState
from .parse import as_list

CHECK = "schema"
VALIDATOR_TYPE = "1EdTechJsonSchemaValidator2019"
#: at most this many schema problems are listed in a result's details
MAX_LISTED = 20
#: most credentialSchema entries examined on one credential
MAX_ENTRIES = 16


#: the bundled OB 3.0 schema for each kind of credential
TYPE_SCHEMAS = {
    "achievement": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
                   "ob_v3p0_achievementcredential_schema.json",
    "endorsement": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
                   "ob_v3p0_endorsementcredential_schema.json",
}


def _bundled_problems(state: VerifyState, url: str) -> list[str]:
    """Problems under a bundled schema, validated once per credential."""
    from ...schema import validate_schema

    cache: dict[str, list[str]] = state.scratch.setdefault("schema", {})
    if url not in cache:
        issues = validate_schema(state.credential, schema=url)
        cache[url] = [f"{i.path}: {i.message}" for i in issues]
    return cache[url]


def _validate_with(schema: dict[str, Any], document: dict[str, Any]) -> list[str]:
    """Problems of ``document`` under a fetched JSON Schema document."""
    import jsonschema  # type: ignore[import-untyped]

    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft201909Validator)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    return [f"{e.json_path}: {e.message[:300]}" for e in errors[:MAX_LISTED]]


def _fetch_schema(state: VerifyState, url: str) -> dict[str, Any]:
    from ...status.fetch import fetch_json

    doc = fetch_json(url, limits=state.options.limits, policy=state.options.fetch_policy)
    if not isinstance(doc, dict):
        from ...errors import InvalidInputError

        raise InvalidInputError(f"{url} did not return a JSON Schema object")
    return doc


def _type_schema(state: VerifyState, credential: dict[str, Any]) -> None:
    report = state.report
    if state.kind not in ("achievement", "endorsement"):
        report.add(CHECK, CheckStatus.SKIPPED, "schema.not_applicable",
                   "no Open Badges schema applies to this credential type")
        return
    if state.vc_version is None:
        report.add(CHECK, CheckStatus.SKIPPED, "schema.no_vc_context",
                   "no Verifiable Credentials context, so no schema was applied")
        return
    if state.vc_version != "2.0":
        report.add(CHECK, CheckStatus.NOT_CHECKED, "schema.vc1_not_bundled",
                   "the bundled OB 3.0 JSON Schemas describe VC 2.0 credentials; this "
                   "VC 1.1 credential was not checked against a schema")
        return
    name = "achievementcredential" if state.kind == "achievement" else "endorsementcredential"
    problems = _bundled_problems(state, TYPE_SCHEMAS[state.kind])
    if problems:
        report.add(CHECK, CheckStatus.FAILED, "schema.invalid",
                   f"does not conform to the OB 3.0 {name} JSON Schema: {problems[0]}"
                   + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""),
                   schema=name, problems=problems[:MAX_LISTED])
        return
    report.add(CHECK, CheckStatus.PASSED, "schema.ok",
               f"conforms to the OB 3.0 {name} JSON Schema", schema=name)


def _credential_schema(state: VerifyState, credential: dict[str, Any]) -> None:
    report = state.report
    entries = as_list(credential.get("credentialSchema"))
    if len(entries) > MAX_ENTRIES:
        report.add(CHECK, CheckStatus.NOT_CHECKED, "schema.too_many_entries",
                   f"{len(entries) - MAX_ENTRIES} further credentialSchema entries were not "
                   "checked")
    for entry in entries[:MAX_ENTRIES]:
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            report.add(CHECK, CheckStatus.FAILED, "schema.entry_malformed",
                       "a credentialSchema entry must be an object with an 'id'")
            continue
        url, kind = entry["id"], entry.get("type")
        if kind != VALIDATOR_TYPE:
            report.add(CHECK, CheckStatus.NOT_CHECKED, "schema.entry_type_unknown",
                       f"credentialSchema of type {str(kind)[:80]!r} is not supported "
                       "(ignored)", schema=url)
            continue
        from ...schema import bundled_schema_urls

        if url in bundled_schema_urls():
            problems, where = _bundled_problems(state, url), "bundled"
        elif not state.options.online:
            report.add(CHECK, CheckStatus.NOT_CHECKED, "schema.entry_unavailable",
                       f"credentialSchema {url} is not bundled and network access is off",
                       schema=url)
            continue
        else:
            try:
                problems, where = _validate_with(_fetch_schema(state, url), credential), "fetched"
            except Exception as exc:  # unreachable or unusable: the schema was not checked
                report.add(CHECK, CheckStatus.NOT_CHECKED, "schema.entry_unavailable",
                           f"credentialSchema {url} could not be used: {exc}", schema=url)
                continue
        if problems:
            report.add(CHECK, CheckStatus.FAILED, "schema.entry_invalid",
                       f"does not conform to its credentialSchema {url}: {problems[0]}",
                       schema=url, problems=problems[:MAX_LISTED])
        else:
            report.add(CHECK, CheckStatus.PASSED, "schema.entry_ok",
                       f"conforms to its credentialSchema {url} ({where})", schema=url)


def check_schema(state: VerifyState) -> None:
    """Validate against the bundled type schema and each declared credentialSchema."""
    credential = state.credential or {}
    _type_schema(state, credential)
    _credential_schema(state, credential)
