"""The base of every Open Badges model: JSON-LD in, JSON-LD out, nothing lost.

:class:`JsonLdModel` is a pydantic v2 model whose Python attributes are snake_case
(``valid_from``) and whose JSON names are the spec's (``validFrom``, ``@context``).

* ``Model.from_jsonld(data)`` reads what other issuers publish, leniently: a single value
  where the spec wants an array (JSON-LD compaction), ``issuer`` as a URI or an object,
  VC 1.1 dates.  Unknown properties (extensions) are kept, in order.  Anything that does
  not fit raises :class:`~openbadge_kit.errors.ModelValidationError` whose ``path`` is the
  JSON path of the first problem (``$.credentialSubject.achievement.name``) and whose
  ``errors`` lists them all.  A raw pydantic ``ValidationError`` never escapes.
* ``model.to_jsonld()`` writes the JSON shape the spec uses: ``@context`` first, then
  ``id`` and ``type``; no ``null`` and no empty array.  A parsed model is written back
  exactly as it came in (same keys, same order, single values stay single), so
  ``Model.from_jsonld(x).to_jsonld() == x``.
"""

from __future__ import annotations

import json
import re
import types
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import cache
from typing import Annotated, Any, ClassVar, TypeVar, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PrivateAttr,
    StrictFloat,
    StrictInt,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    model_validator,
)
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from ..dates import format_datetime, parse_datetime
from ..errors import InvalidInputError, ModelValidationError
from ..limits import DEFAULT_LIMITS, Limits
from ..safejson import nests_deeper_than
from ..schema import json_path_step

M = TypeVar("M", bound="JsonLdModel")

#: validation context key that marks "reading JSON-LD" (record shapes and key order)
_READING = "openbadge_kit.jsonld"

_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*$")


def new_id(name: str | None = None) -> str:
    """A fresh ``urn:uuid:`` identifier (random UUID 4).

    With ``name``, the identifier is a name-based UUID 5 instead, so the same name
    always gives the same id (handy for ids derived from a stable one, such as the
    rubric levels of a result description).
    """
    if name is None:
        return f"urn:uuid:{uuid.uuid4()}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def _check_uri(value: str) -> str:
    if not _URI.match(value):
        raise ValueError(f"not an absolute URI: {value[:80]!r}")
    return value


def _coerce_datetime(value: Any) -> Any:
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, str):
        try:
            parse_datetime(value)
        except InvalidInputError as exc:
            raise ValueError(exc.message) from None
    return value


class _Missing:
    """Stands for a property that JSON must give although Python may default it."""


MISSING = _Missing()


def _present(value: Any) -> Any:
    if value is MISSING:
        raise PydanticCustomError("missing", "Field required")
    return value


#: an absolute URI (``https:``, ``urn:uuid:``, ``did:``, ``data:``...)
Uri = Annotated[str, AfterValidator(_check_uri)]
#: an absolute URI that JSON must give even though a model built in Python defaults it
#: (list its JSON key in the class's ``_required_in_json``)
DefaultedUri = Annotated[str, BeforeValidator(_present), AfterValidator(_check_uri)]
#: an XSD dateTime string; a ``datetime`` given in Python is written as whole seconds UTC ``Z``
DateTimeStr = Annotated[str, BeforeValidator(_coerce_datetime)]
#: a JSON number (ints stay ints, floats stay floats; booleans are refused)
Number = StrictInt | StrictFloat


def datetime_text(value: datetime | str | None) -> str | None:
    """A date-time for a model field: ``datetime`` -> whole seconds UTC ``Z``; text kept."""
    return format_datetime(value) if isinstance(value, datetime) else value


def parse_jsonld_datetime(value: str | None) -> datetime | None:
    """A timezone-aware ``datetime`` for a date-time string of a model (``None`` stays ``None``)."""
    return None if value is None else parse_datetime(value)


def check_types(required: tuple[str, ...], *, any_of: tuple[str, ...] = ()) -> Callable[
    [list[str]], list[str]
]:
    """A ``type``-list validator: every ``required`` name and one of ``any_of`` must be in it."""

    def check(value: list[str]) -> list[str]:
        missing = [t for t in required if t not in value]
        if missing:
            raise ValueError(f"type must include {' and '.join(map(repr, missing))}")
        if any_of and not any(t in value for t in any_of):
            raise ValueError(f"type must include one of {', '.join(map(repr, any_of))}")
        return value

    return check


def _is_list_annotation(annotation: Any) -> bool:
    origin = get_origin(annotation)
    if origin is list:
        return True
    if origin is Annotated:
        return _is_list_annotation(get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        return any(_is_list_annotation(arg) for arg in get_args(annotation))
    return False


def _copy_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy_json(v) for v in value]
    return value


def _dump(value: Any) -> Any:
    if isinstance(value, JsonLdModel):
        return value.to_jsonld()
    if isinstance(value, list):
        return [_dump(v) for v in value]
    return _copy_json(value)


def json_key(name: str) -> str:
    """The JSON name of an attribute: ``valid_from`` -> ``validFrom``; ``context`` -> ``@context``.

    Used as the models' alias generator.
    """
    return "@context" if name == "context" else to_camel(name)


def object_or_uri(value: Any) -> str:
    """Discriminator for "an object or a URI string" unions: tag ``"Object"`` or ``"Uri"``."""
    return "Uri" if isinstance(value, str) else "Object"


class JsonLdModel(BaseModel):
    """Base class of the Open Badges models (see the module docstring)."""

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        alias_generator=json_key,
        validate_assignment=True,
        validate_default=False,
    )

    #: JSON keys written first, in this order, by a model built in Python (then the rest
    #: in field order, then ``_keys_last``)
    _keys_first: ClassVar[tuple[str, ...]] = ("@context", "id", "type")
    _keys_last: ClassVar[tuple[str, ...]] = ()
    #: list fields a model built in Python writes as a single value when it has one item
    #: (``type`` of the classes whose type is a single string: Image, IdentityObject...)
    _single_keys: ClassVar[frozenset[str]] = frozenset()
    #: JSON keys a document must give although a model built in Python has a default
    _required_in_json: ClassVar[frozenset[str]] = frozenset()

    #: JSON keys in the order they were read (``None`` for a model built in Python)
    _jsonld_order: tuple[str, ...] | None = PrivateAttr(default=None)
    #: JSON key -> "single" (a lone value where the model holds a list) or "null"
    _jsonld_shapes: dict[str, str] = PrivateAttr(default_factory=dict)

    def __init__(self, **data: Any) -> None:
        """Build a model from Python values (snake_case names, or the JSON names).

        Raises :class:`~openbadge_kit.errors.ModelValidationError` for a bad value.
        """
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise model_error(exc, data, type(self).__name__) from None

    # only wraps errors: let pydantic validate nested models without calling this __init__
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    def __setattr__(self, name: str, value: Any) -> None:
        """Assign with validation (a ``datetime`` becomes ``...Z`` text); errors are ours."""
        try:
            super().__setattr__(name, value)
        except ValidationError as exc:
            field = type(self).model_fields.get(name)
            key = field.alias if field is not None and field.alias else name
            error = model_error(exc, {key: value}, type(self).__name__)
            raise _rename_root(error, name, key) from None

    # --- reading -------------------------------------------------------------------

    @model_validator(mode="wrap")
    @classmethod
    def _read_jsonld(
        cls, data: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> Any:
        reading = bool(info.context and info.context.get(_READING))
        if not reading or not isinstance(data, dict):
            return handler(data)
        list_keys, nullable_keys = _field_tables(cls)
        shapes: dict[str, str] = {}
        prepared = dict(data)
        for key in nullable_keys:
            if key in prepared and prepared[key] is None:
                del prepared[key]
                shapes[key] = "null"
        for key in list_keys:
            if key in prepared and not isinstance(prepared[key], list):
                prepared[key] = [prepared[key]]
                shapes[key] = "single"
        for key in cls._required_in_json:
            if key not in prepared:
                prepared[key] = MISSING
        instance = handler(prepared)
        instance._jsonld_order = tuple(data)
        instance._jsonld_shapes = shapes
        return instance

    @classmethod
    def from_jsonld(cls: type[M], data: Any, *, limits: Limits = DEFAULT_LIMITS) -> M:
        """Parse a JSON-LD object (a ``dict`` as ``json.loads`` gives it).

        Raises :class:`~openbadge_kit.errors.ModelValidationError` with the JSON path
        of the first problem; ``errors`` lists every ``(path, message)``.  Data nested
        deeper than ``limits.max_json_depth`` is refused before it is read.
        """
        if not isinstance(data, Mapping):
            raise ModelValidationError(
                f"expected a JSON object for {cls.__name__}, got {type(data).__name__}"
            )
        if nests_deeper_than(data, limits.max_json_depth):
            raise ModelValidationError(
                f"{cls.__name__} nests deeper than {limits.max_json_depth} levels",
                code="model_too_deep",
            )
        try:
            return cls.model_validate(
                dict(data), by_alias=True, by_name=False, context={_READING: True}
            )
        except ValidationError as exc:
            raise model_error(exc, data, cls.__name__) from None
        except RecursionError:
            raise ModelValidationError(
                f"{cls.__name__} is nested too deeply", code="model_too_deep"
            ) from None

    @classmethod
    def from_json(cls: type[M], text: str | bytes, *, limits: Limits = DEFAULT_LIMITS) -> M:
        """Parse JSON text or UTF-8 bytes (strictly, through ``safejson``) into the model."""
        from ..safejson import loads

        return cls.from_jsonld(loads(text, limits=limits), limits=limits)

    # --- writing -------------------------------------------------------------------

    def to_jsonld(self) -> dict[str, Any]:
        """The JSON-LD object for this model: a new ``dict`` of plain JSON values."""
        cls = type(self)
        alias_to_name = _alias_to_name(cls)
        private = self.__pydantic_private__ or {}
        order: tuple[str, ...] | None = private.get("_jsonld_order")
        shapes: dict[str, str] = private.get("_jsonld_shapes") or {}
        parsed = order is not None
        read_keys = frozenset(order or ())
        fields_set = self.__pydantic_fields_set__
        values = self.__dict__
        extra = self.__pydantic_extra__ or {}
        single_keys = cls._single_keys
        out: dict[str, Any] = {}

        def emit(key: str) -> None:
            name = alias_to_name.get(key)
            if name is None:
                if key in extra:
                    out[key] = _copy_json(extra[key])
                return
            value = values[name]
            shape = shapes.get(key)
            if value is None:
                if shape == "null":
                    out[key] = None
                return
            if parsed and name not in fields_set:
                return
            if not parsed and key in single_keys:
                shape = "single"
            if isinstance(value, list):
                if not value and key not in read_keys:
                    return
                if shape == "single" and len(value) == 1:
                    out[key] = _dump(value[0])
                    return
            out[key] = _dump(value)

        for keys in (order or (), _key_order(cls), extra):
            for key in keys:
                if key not in out:
                    emit(key)
        return out

    def to_json(self, *, indent: int | None = 2) -> str:
        """``to_jsonld()`` as JSON text (UTF-8 characters kept, not escaped)."""
        return json.dumps(self.to_jsonld(), indent=indent, ensure_ascii=False)

    @property
    def extensions(self) -> dict[str, Any]:
        """Properties this model does not define (extensions, unknown terms), in order."""
        return dict(self.__pydantic_extra__ or {})


@cache
def _field_tables(cls: type[JsonLdModel]) -> tuple[frozenset[str], frozenset[str]]:
    """(JSON keys of list-valued fields, JSON keys of the fields a ``null`` may stand for
    as "absent") of a model class.

    A ``null`` is read as an absent value (and written back as ``null``) only where absent
    means ``None``; where the field has another default (``type`` of a credential, of an
    Image ...) the null cannot round-trip, so it reaches validation and is refused there.
    """
    lists = set()
    nullable = set()
    for name, field in cls.model_fields.items():
        key = field.alias or name
        if (field.default is None and field.default_factory is None) or field.is_required():
            nullable.add(key)
        if _is_list_annotation(field.annotation):
            lists.add(key)
    return frozenset(lists), frozenset(nullable)


@cache
def _key_order(cls: type[JsonLdModel]) -> tuple[str, ...]:
    """JSON keys of a model class in the order a model built in Python writes them."""
    keys = list(_alias_to_name(cls))
    first = [k for k in cls._keys_first if k in keys]
    last = [k for k in cls._keys_last if k in keys and k not in first]
    middle = [k for k in keys if k not in first and k not in last]
    return (*first, *middle, *last)


@cache
def _alias_to_name(cls: type[JsonLdModel]) -> dict[str, str]:
    return {(field.alias or name): name for name, field in cls.model_fields.items()}


# --- errors ------------------------------------------------------------------------------

def json_path(loc: tuple[str | int, ...], data: Any) -> str:
    """The JSON path, in ``data`` as given, of a pydantic error location.

    Union-member tags that pydantic inserts are dropped, and an index into a single value
    that was read as a one-element list is left out, so the path names the input.
    """
    path = "$"
    current: Any = data
    last = len(loc) - 1
    for i, step in enumerate(loc):
        if isinstance(step, int):
            if isinstance(current, list):
                path += json_path_step(step)
                current = current[step] if 0 <= step < len(current) else None
            # else: a single value read as a one-element list; the index is not in the input
            continue
        if isinstance(current, Mapping) and step in current:
            path += json_path_step(step)
            current = current[step]
        elif i == last and (current is None or isinstance(current, Mapping)):
            path += json_path_step(step)  # a missing property
        # else: a union member or validator tag that pydantic adds; not in the input
    return path


def _rename_root(error: ModelValidationError, name: str, key: str) -> ModelValidationError:
    """Report an assignment error under the JSON name of the attribute."""
    if name == key:
        return error
    old = "$" + json_path_step(name)
    new = "$" + json_path_step(key)

    def fix(path: str) -> str:
        return new + path[len(old):] if path.startswith(old) else path

    errors = [(fix(p), m) for p, m in error.errors]
    return ModelValidationError(
        error.message.replace(old, new, 1), path=fix(error.path), errors=errors
    )


def model_error(exc: ValidationError, data: Any, what: str) -> ModelValidationError:
    """Turn a pydantic ``ValidationError`` into the library's ``ModelValidationError``."""
    errors: list[tuple[str, str]] = []
    for err in exc.errors(include_url=False):
        path = json_path(tuple(err["loc"]), data)
        message = err["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        if err["type"] == "extra_forbidden":
            message = "property not allowed here"
        item = (path, message)
        if item not in errors:
            errors.append(item)
    first_path, first_message = errors[0] if errors else ("$", "invalid")
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return ModelValidationError(
        f"invalid {what}: {first_path}: {first_message}{more}",
        path=first_path,
        errors=errors,
    )
