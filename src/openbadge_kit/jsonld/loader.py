"""Offline JSON-LD document loading over the bundled contexts.

The default loader holds only the context documents bundled in ``contexts/`` (see
``contexts/index.json`` for each file's URL, sha256, source and licence) and refuses
every other URL with :class:`~openbadge_kit.errors.ContextNotAllowedError` naming it.
Nothing is ever fetched: remote loading needs an explicit, separate loader.

Each bundled document is read and parsed once per process; callers get the same
object every time, so pyld and the fast path can key their caches on it.  Documents are
handed out read-only (every JSON object is a :class:`ReadOnlyDict`): pyld's ``@import``
merges into the imported document in place, and a hostile credential must not be able
to redefine a bundled context for the rest of the process that way.  Use :func:`thaw`
for a private, mutable copy.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple, NoReturn
from urllib.parse import urljoin

from ..errors import ContextNotAllowedError, JsonLdError

#: signature of a pyld-style document loader: (url, options) -> remote document dict
DocumentLoader = Callable[[str, dict[str, Any]], dict[str, Any]]


class BundledContext(NamedTuple):
    """One bundled context document and where it came from."""

    # a NamedTuple rather than a frozen dataclass: the class is built on every cold start,
    # and a dataclass's generated methods cost ~0.5 ms each time (issue #7)
    url: str
    file: str
    sha256: str
    source: str
    licence: str


def _contexts_dir() -> Any:
    # a plain path when installed as files (cheaper to import than importlib.resources'
    # readers); the resources API for zipped installs
    folder = Path(__file__).with_name("contexts")
    if folder.is_dir():
        return folder
    from importlib import resources

    return resources.files("openbadge_kit.jsonld").joinpath("contexts")


@lru_cache(maxsize=1)
def bundled_contexts() -> dict[str, BundledContext]:
    """Every bundled context by URL (aliases included)."""
    index = json.loads(_contexts_dir().joinpath("index.json").read_text("utf-8"))
    out: dict[str, BundledContext] = {}
    for url, entry in index["contexts"].items():
        ctx = BundledContext(url, entry["file"], entry["sha256"], entry["source"],
                             entry["licence"])
        out[url] = ctx
        for alias in entry.get("aliases", []):
            out[alias] = ctx
    return out


class ReadOnlyDict(dict[str, Any]):
    """A JSON object that refuses changes (a ``dict`` subclass, so pyld accepts it).

    Writing a key's current value again is allowed and does nothing: pyld rewrites
    every scoped ``@context`` URL in place after resolving it against the document URL,
    which for an absolute URL is the same string.
    """

    __slots__ = ()

    def _refuse(self) -> NoReturn:
        raise TypeError("bundled JSON-LD context documents are read-only (use thaw())")

    def __setitem__(self, key: str, value: Any) -> None:
        if key in self and dict.__getitem__(self, key) == value:
            return
        self._refuse()

    def __delitem__(self, key: str) -> None:
        self._refuse()

    def __ior__(self, other: Any) -> NoReturn:  # type: ignore[misc]
        self._refuse()

    def clear(self) -> None:
        self._refuse()

    def pop(self, *args: Any) -> Any:
        self._refuse()

    def popitem(self) -> tuple[str, Any]:
        self._refuse()

    def setdefault(self, *args: Any) -> Any:
        self._refuse()

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._refuse()

    def __copy__(self) -> ReadOnlyDict:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> ReadOnlyDict:
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (ReadOnlyDict, (dict(self),))


def freeze(value: Any, base: str | None = None) -> Any:
    """A read-only copy of a JSON value: objects become :class:`ReadOnlyDict`.

    Lists stay lists.  With ``base`` (the document's URL), relative scoped ``@context``
    URLs are resolved against it up front, as pyld would do in place.
    """
    if isinstance(value, Mapping):
        out = {}
        for k, v in value.items():
            if k == "@context" and isinstance(v, str) and base is not None:
                v = urljoin(base, v)
            out[k] = freeze(v, base)
        return ReadOnlyDict(out)
    if isinstance(value, list):
        return [freeze(v, base) for v in value]
    return value


def thaw(value: Any) -> Any:
    """A private, mutable copy of a JSON value (plain dicts and lists)."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, list):
        return [thaw(v) for v in value]
    return value


@cache
def _load_file(name: str, sha256: str) -> Any:
    data = _contexts_dir().joinpath(name).read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise JsonLdError(f"bundled context {name} does not match its recorded sha256")
    return freeze(json.loads(data))


def get_context(url: str) -> Any:
    """The parsed bundled context document for ``url`` (parsed once per process)."""
    ctx = bundled_contexts().get(url)
    if ctx is None:
        raise ContextNotAllowedError(url)
    return _load_file(ctx.file, ctx.sha256)


def is_bundled(url: str) -> bool:
    """Whether ``url`` names a bundled context."""
    return url in bundled_contexts()


class OfflineLoader:
    """A pyld document loader that serves bundled contexts and extra documents only.

    ``extra`` maps further URLs to already-parsed documents (e.g. a caller's own
    extension context); they are copied read-only, so later changes to the caller's
    objects do not reach the loader.  Documents are returned tagged ``static`` so pyld
    may reuse its processed form.
    """

    def __init__(self, extra: Mapping[str, Any] | None = None) -> None:
        self.extra = {url: freeze(doc, url) for url, doc in (extra or {}).items()}
        self._cache: dict[str, dict[str, Any]] = {}

    def load(self, url: str) -> Any:
        """The parsed document for ``url`` or ContextNotAllowedError."""
        if url in self.extra:
            return self.extra[url]
        return get_context(url)

    def __call__(self, url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
        cached = self._cache.get(url)
        if cached is None:
            cached = {
                "contextUrl": None,
                "documentUrl": url,
                "document": self.load(url),
                "contentType": "application/ld+json",
                "tag": "static",
            }
            self._cache[url] = cached
        return dict(cached)  # pyld may write into the wrapper; never into our cache


_DEFAULT: OfflineLoader | None = None


def default_loader() -> OfflineLoader:
    """The process-wide offline loader over the bundled contexts."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = OfflineLoader()
    return _DEFAULT
