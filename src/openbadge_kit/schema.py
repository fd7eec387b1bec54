"""Validation against the bundled Open Badges 3.0 / CLR 2.0 JSON Schemas, offline.

``validate_schema(document)`` lists every problem as a :class:`SchemaIssue` with the JSON
path of the offending value; ``assert_valid(document)`` raises
:class:`~openbadge_kit.errors.SchemaValidationError` instead.  The schemas are the ones in
``openbadge_kit/schemas/`` (JSON Schema draft 2019-09):

* flavour ``"default"``: 1EdTech's JSON-LD adaptation served at
  ``…/schema/json/…_schema.json`` (accepts a single value or an array for every
  property, as JSON-LD compaction produces);
* flavour ``"strict"``: the strict OB 3.0 schemas (arrays must be arrays; e.g. ``proof``).

``$ref``s resolve only against the bundled schemas: nothing is ever fetched.
:func:`bundled_schema_for_url` maps a ``credentialSchema`` id to its bundled schema, so a
verifier can check those entries offline.  ``format`` keywords are annotations only (the
draft 2019-09 default).

Two engines give the same issues: ``engine="compiled"`` (the default) validates with
closures compiled from the schema by :mod:`openbadge_kit.schema_compiled`, without
importing jsonschema (a cold ``openbadge verify`` saves ~80 ms of imports and ~100 ms of
validator building); ``engine="jsonschema"`` is the reference.  A schema the compiler does
not cover is validated with jsonschema whatever the engine asked for.  Either validator is
built once per process.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from .errors import InvalidInputError, SchemaValidationError
from .limits import DEFAULT_LIMITS, Limits
from .safejson import nests_deeper_than

Flavour = Literal["default", "strict"]
Engine = Literal["compiled", "jsonschema"]

_OB = "https://purl.imsglobal.org/spec/ob/v3p0/schema/"
_CLR = "https://purl.imsglobal.org/spec/clr/v2p0/schema/"

#: schema name -> (default-flavour file, strict-flavour file or None), relative to schemas/
SCHEMAS: dict[str, tuple[str, str | None]] = {
    "achievementcredential": (
        "ob_v3p0_achievementcredential_schema.json",
        "strict/ob_v3p0_achievementcredential.json",
    ),
    "endorsementcredential": (
        "ob_v3p0_endorsementcredential_schema.json",
        "strict/ob_v3p0_endorsementcredential.json",
    ),
    "profile": ("ob_v3p0_profile_schema.json", "strict/ob_v3p0_profile.json"),
    "getopenbadgecredentialsresponse": (
        "ob_v3p0_getopenbadgecredentialsresponse_schema.json",
        "strict/ob_v3p0_getopenbadgecredentialsresponse.json",
    ),
    "imsx_statusinfo": (
        "ob_v3p0_imsx_statusinfo_schema.json",
        "strict/ob_v3p0_imsx_statusinfo.json",
    ),
    "clrcredential": ("clr_v2p0_clrcredential_schema.json", None),
    "clr_achievementcredential": ("clr_v2p0_achievementcredential_schema.json", None),
    "clr_endorsementcredential": ("clr_v2p0_endorsementcredential_schema.json", None),
    "clr_profile": ("clr_v2p0_profile_schema.json", None),
    "getclrcredentialsresponse": ("clr_v2p0_getclrcredentialsresponse_schema.json", None),
    "clr_imsx_statusinfo": ("clr_v2p0_imsx_statusinfo_schema.json", None),
}
#: the ``$id`` of every bundled file (a test checks this table against the files), so mapping
#: a URL to its file reads no schema
_IDS: dict[str, str] = {
    "clr_v2p0_achievementcredential_schema.json":
        _CLR + "json/clr_v2p0_achievementcredential_schema.json",
    "clr_v2p0_clrcredential_schema.json": _CLR + "json/clr_v2p0_clrcredential_schema.json",
    "clr_v2p0_endorsementcredential_schema.json":
        _CLR + "json/clr_v2p0_endorsementcredential_schema.json",
    "clr_v2p0_getclrcredentialsresponse_schema.json":
        _CLR + "json/clr_v2p0_getclrcredentialsresponse_schema.json",
    "clr_v2p0_imsx_statusinfo_schema.json": _CLR + "json/clr_v2p0_imsx_statusinfo_schema.json",
    "clr_v2p0_profile_schema.json": _CLR + "json/clr_v2p0_profile_schema.json",
    "ob_v3p0_achievementcredential_schema.json":
        _OB + "json/ob_v3p0_achievementcredential_schema.json",
    "ob_v3p0_endorsementcredential_schema.json":
        _OB + "json/ob_v3p0_endorsementcredential_schema.json",
    "ob_v3p0_getopenbadgecredentialsresponse_schema.json":
        _OB + "json/ob_v3p0_getopenbadgecredentialsresponse_schema.json",
    "ob_v3p0_imsx_statusinfo_schema.json": _OB + "json/ob_v3p0_imsx_statusinfo_schema.json",
    "ob_v3p0_profile_schema.json": _OB + "json/ob_v3p0_profile_schema.json",
    "strict/ob_v3p0_achievementcredential.json":
        _OB + "json/ob_v3p0_achievementcredential-jsonschema1.json",
    "strict/ob_v3p0_endorsementcredential.json":
        _OB + "json/ob_v3p0_endorsementcredential-jsonschema1.json",
    "strict/ob_v3p0_getopenbadgecredentialsresponse.json":
        _OB + "json/ob_v3p0_getopenbadgecredentialsresponse-jsonschema1.json",
    "strict/ob_v3p0_imsx_statusinfo.json": _OB + "json/ob_v3p0_imsx_statusinfo-jsonschema1.json",
    "strict/ob_v3p0_profile.json": _OB + "json/ob_v3p0_profile-jsonschema1.json",
    **{file: "https://openbadgespec.org/" + file for file in (
        "extensions/accessibilityExtension/schema_achievement_credential_obv3p0.json",
        "extensions/accessibilityExtension/schema_achievement_obv3p0.json",
        "extensions/accessibilityExtension/schema_profile_obv3p0.json",
        "extensions/applyLinkExtension/schema_obv3p0.json",
        "extensions/geoCoordinatesExtension/schema_achievement_credential_obv3p0.json",
        "extensions/geoCoordinatesExtension/schema_achievement_obv3p0.json",
        "extensions/licenseExtension/schema_obv3p0.json")},
}

#: "openbadgecredential" is the same schema as "achievementcredential"
_NAME_ALIASES = {"openbadgecredential": "achievementcredential"}

_EXTENSION_FILES = (
    "extensions/accessibilityExtension/schema_achievement_credential_obv3p0.json",
    "extensions/accessibilityExtension/schema_achievement_obv3p0.json",
    "extensions/accessibilityExtension/schema_profile_obv3p0.json",
    "extensions/applyLinkExtension/schema_obv3p0.json",
    "extensions/geoCoordinatesExtension/schema_achievement_credential_obv3p0.json",
    "extensions/geoCoordinatesExtension/schema_achievement_obv3p0.json",
    "extensions/licenseExtension/schema_obv3p0.json",
)

#: longest message kept for one issue (jsonschema quotes whole instances in some messages)
_MAX_MESSAGE = 300


@dataclass(frozen=True)
class SchemaIssue:
    """One schema violation: where (JSON path), what (message), and which schema rule."""

    path: str  #: e.g. ``$.credentialSubject.achievement.name``
    message: str
    keyword: str  #: the schema keyword that failed (``required``, ``type``, ``oneOf``...)
    schema_path: str  #: where the rule sits in the schema, e.g. ``properties/issuer/oneOf``

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


# --- JSON paths ----------------------------------------------------------------------------

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def json_path_step(key: str | int) -> str:
    """One step of a JSON path: ``.name``, ``[0]`` or ``['@context']``."""
    if isinstance(key, int):
        return f"[{key}]"
    if _IDENT.match(key):
        return f".{key}"
    return "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']"


def format_json_path(steps: Iterable[str | int]) -> str:
    """A JSON path (``$.credentialSubject.result[0].value``) from keys and indices."""
    return "$" + "".join(json_path_step(step) for step in steps)


# --- the bundled schemas -----------------------------------------------------------------


def _schemas_dir() -> Any:
    here = Path(__file__).with_name("schemas")
    if here.is_dir():  # an ordinary install: no importlib.resources on the cold path
        return here
    from importlib import resources

    return resources.files("openbadge_kit").joinpath("schemas")


@cache
def _load(file: str) -> Any:
    return json.loads(_schemas_dir().joinpath(file).read_text("utf-8"))


def _all_files() -> list[str]:
    files: list[str] = []
    for default, strict in SCHEMAS.values():
        files.append(default)
        if strict is not None:
            files.append(strict)
    files.extend(_EXTENSION_FILES)
    return files


@cache
def _url_index() -> dict[str, str]:
    """Every URL a bundled schema is known by -> its file."""
    index: dict[str, str] = {}
    for file in _all_files():
        index[_IDS[file]] = file
    for default, _strict in SCHEMAS.values():
        schema_id = _IDS[default]
        # the spec also lists the compaction-tolerant schemas under /schema/json-ld/
        for base in (_OB, _CLR):
            if schema_id.startswith(base + "json/"):
                index[base + "json-ld/" + schema_id[len(base + "json/"):]] = default
    return index


def bundled_schema_urls() -> list[str]:
    """Every schema URL (``$id`` or documented alias) that is bundled."""
    return sorted(_url_index())


def bundled_schema_for_url(url: str) -> dict[str, Any] | None:
    """A copy of the bundled JSON Schema published at ``url``, or ``None`` if not bundled.

    Use it for ``credentialSchema`` entries: ``validate_schema(doc, schema=url)`` checks a
    document against it directly.
    """
    file = _url_index().get(url) if isinstance(url, str) else None
    if file is None:
        return None
    schema: dict[str, Any] = copy.deepcopy(_load(file))
    return schema


def _file_for(schema: str, flavour: Flavour) -> str:
    if flavour not in ("default", "strict"):
        raise InvalidInputError(
            f"unknown schema flavour {flavour!r} (use 'default' or 'strict')",
            code="schema_unknown",
        )
    if schema in _url_index():
        return _url_index()[schema]
    name = _NAME_ALIASES.get(schema.lower(), schema.lower())
    entry = SCHEMAS.get(name)
    if entry is None:
        raise InvalidInputError(
            f"unknown schema {schema!r}: use one of {', '.join(sorted(SCHEMAS))} "
            "or a bundled schema URL",
            code="schema_unknown",
        )
    default, strict = entry
    if flavour == "strict":
        if strict is None:
            raise InvalidInputError(
                f"no strict flavour of the {name} schema is bundled", code="schema_unknown"
            )
        return strict
    return default


# --- a faster, equivalent form of the schemas ---------------------------------------------
#
# 1EdTech's JSON-LD adaptation wraps almost every property in ``oneOf: [X, array of X]``.
# ``oneOf`` must try every branch; ``anyOf`` stops at the first that matches.  When the
# branches accept disjoint JSON types (string / object / array...), at most one branch can
# match, so the two keywords accept exactly the same documents.  Only those are rewritten.

def _faster(node: Any, defs: dict[str, Any]) -> Any:
    """A copy of ``node`` with type-disjoint ``oneOf``s turned into ``anyOf``s."""
    from .schema_compiled import branch_types, types_disjoint

    if isinstance(node, list):
        return [_faster(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _faster(value, defs) for key, value in node.items()}
    branches = node.get("oneOf")
    if (isinstance(branches, list) and "anyOf" not in node
            and types_disjoint([branch_types(b, defs, frozenset()) for b in branches])):
        out["anyOf"] = out.pop("oneOf")
    return out


@cache
def _compiled(file: str) -> Any:
    """The schema of ``file`` as validated here (see :func:`_faster`)."""
    schema = _load(file)
    defs = schema.get("$defs") if isinstance(schema, dict) else None
    return _faster(schema, defs if isinstance(defs, dict) else {})


@cache
def _registry() -> Any:
    from referencing import Registry, Resource
    from referencing.exceptions import NoSuchResource

    def refuse(uri: str) -> Any:
        # offline: a $ref to anything not bundled fails instead of being fetched
        raise NoSuchResource(uri)

    resources_by_url = [
        (url, Resource.from_contents(_compiled(file))) for url, file in _url_index().items()
    ]
    return Registry(retrieve=refuse).with_resources(resources_by_url)  # type: ignore[call-arg]


@cache
def _validator(file: str) -> Any:
    from jsonschema.validators import validator_for  # type: ignore[import-untyped]

    schema = _compiled(file)
    cls = validator_for(schema)
    return cls(schema, registry=_registry())


#: file -> its compiled validator, or None once it turned out to need jsonschema
_CLOSURES: dict[str, Any] = {}


def _closures(file: str) -> Any:
    """The compiled validator of ``file``, or ``None`` when it needs jsonschema."""
    from .schema_compiled import compile_schema

    if file not in _CLOSURES:
        try:
            # oneOfs labelled as the anyOfs _faster makes them: both engines name the same
            # rule.  Not checked up front (tests check every bundled schema): a part that
            # is not supported raises when first reached, and jsonschema takes over.
            _CLOSURES[file] = compile_schema(_load(file), relabel_disjoint_one_of=True,
                                             check=False)
        except InvalidInputError as exc:
            if exc.code != "schema_unsupported":
                raise
            _CLOSURES[file] = None
    return _CLOSURES[file]


def _compiled_errors(validator: Any, file: str, document: Any) -> list[Any] | None:
    """The compiled validator's errors, or ``None`` if the schema needs jsonschema."""
    try:
        return list(validator.iter_errors(document))
    except InvalidInputError as exc:
        if exc.code != "schema_unsupported":
            raise
        _CLOSURES[file] = None
        return None


def _jsonschema_best_match(error: Any) -> Any:
    from jsonschema.exceptions import best_match  # type: ignore[import-untyped]

    return best_match([error]) or error


# --- validation ----------------------------------------------------------------------------


def _short(text: str, limit: int = _MAX_MESSAGE) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


_JSON_TYPES = ((bool, "boolean"), (int, "number"), (float, "number"), (str, "string"),
               (list, "array"), (dict, "object"), (type(None), "null"))


def _json_type(value: Any) -> str:
    return next((name for kind, name in _JSON_TYPES if isinstance(value, kind)), "value")


def _message(error: Any) -> str:
    """jsonschema's message, without a quoted copy of a whole (possibly huge) instance."""
    if error.validator == "type":
        return f"expected {error.validator_value}, got {_json_type(error.instance)}"
    message: str = error.message
    shown = repr(error.instance)
    if message.startswith(shown) and len(shown) > 80:
        message = f"this {_json_type(error.instance)}" + message[len(shown):]
    return _short(message)


def _issue(error: Any, best_match: Callable[[Any], Any]) -> SchemaIssue:
    best = best_match(error)
    steps: list[str | int] = list(best.absolute_path)
    message = _message(best)
    if best.validator == "required" and isinstance(best.instance, dict):
        missing = [p for p in best.validator_value if p not in best.instance]
        named = next((p for p in missing if message.startswith(repr(p))), None)
        if named is not None:
            steps.append(named)
            message = "required property is missing"
    return SchemaIssue(
        path=format_json_path(steps),
        message=message,
        keyword=str(best.validator),
        schema_path="/".join(str(p) for p in best.absolute_schema_path),
    )


def validate_schema(
    document: Any,
    schema: str = "achievementcredential",
    *,
    flavour: Flavour = "default",
    limits: Limits = DEFAULT_LIMITS,
    engine: Engine = "compiled",
) -> list[SchemaIssue]:
    """Every way ``document`` breaks the named bundled schema (empty list: valid).

    ``schema`` is a name from :data:`SCHEMAS` (``achievementcredential``,
    ``endorsementcredential``, ``profile``, ``clrcredential``...) or a bundled schema URL
    (see :func:`bundled_schema_for_url`).  Issues come in document order of discovery, one
    per failed rule, each naming the deepest relevant path.  Never raises on a hostile
    document (one nested deeper than ``limits.max_json_depth`` gives a single ``depth``
    issue and is not validated); raises ``InvalidInputError`` only for an unknown schema,
    flavour or engine.

    ``engine="compiled"`` (default) and ``engine="jsonschema"`` (the reference) give the
    same issues (see :mod:`openbadge_kit.schema_compiled` for the one ordering difference).
    """
    if engine not in ("compiled", "jsonschema"):
        raise InvalidInputError(f"unknown schema engine {engine!r} (use 'compiled' or "
                                "'jsonschema')", code="schema_unknown")
    file = _file_for(schema, flavour)
    compiled = _closures(file) if engine == "compiled" else None
    if compiled is None:
        _validator(file)  # an unusable schema raises before the document is looked at
    if nests_deeper_than(document, limits.max_json_depth):
        return [SchemaIssue("$", f"document nests deeper than {limits.max_json_depth} levels",
                            "depth", "")]
    try:
        errors = None if compiled is None else _compiled_errors(compiled, file, document)
        if errors is not None:
            from .schema_compiled import best_match

            chooser: Callable[[Any], Any] = best_match
        else:
            chooser = _jsonschema_best_match
            errors = _jsonschema_errors(_validator(file), document, schema)
    except RecursionError:
        return [SchemaIssue("$", "document is nested too deeply to validate", "depth", "")]
    issues: list[SchemaIssue] = []
    for error in errors:
        issue = _issue(error, chooser)
        if issue not in issues:
            issues.append(issue)
    return issues


def _jsonschema_errors(validator: Any, document: Any, schema: str) -> list[Any]:
    from referencing.exceptions import Unresolvable

    try:
        return list(validator.iter_errors(document))
    except Unresolvable as exc:  # a $ref outside the bundled schemas: never fetched
        raise InvalidInputError(
            f"schema {schema!r} refers to {exc} which is not bundled (schemas are offline)",
            code="schema_ref_unresolvable",
        ) from None


def assert_valid(
    document: Any,
    schema: str = "achievementcredential",
    *,
    flavour: Flavour = "default",
    limits: Limits = DEFAULT_LIMITS,
    engine: Engine = "compiled",
) -> None:
    """Raise :class:`SchemaValidationError` (``path``, ``errors``) unless ``document`` is valid."""
    issues = validate_schema(document, schema, flavour=flavour, limits=limits, engine=engine)
    if issues:
        first = issues[0]
        more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
        raise SchemaValidationError(
            f"not a valid {schema} ({flavour} schema): {first.path}: {first.message}{more}",
            path=first.path,
            errors=[(i.path, i.message) for i in issues],
        )


def schema_names() -> Sequence[str]:
    """The schema names :func:`validate_schema` accepts."""
    return sorted(SCHEMAS)
