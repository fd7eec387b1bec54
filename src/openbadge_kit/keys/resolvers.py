"""Resolvers: turn a verification method id into a :class:`VerificationMethod`.

Offline by default. Each resolver answers ``handles(method_id)`` (whether the id is its kind)
and ``resolve(method_id)``; :class:`ChainResolver` asks the first that handles the id.

- :class:`DidKeyResolver` — ``did:key`` (Ed25519, P-256), generated, no network.
- :class:`DidJwkResolver` — ``did:jwk``, generated, no network.
- :class:`DidDocumentResolver` — DID documents / controller documents given as dicts or as a
  folder of ``*.json`` files, each indexed by its own ``id`` (did:web issuers, HTTPS issuer
  profiles with ``verificationMethod``), so an employer can verify with no network at all.
- :class:`FragmentMultikeyResolver` — the 1EdTech convention ``<controller URL>#z6Mk...``: the
  key is read from the fragment, the controller is the part before ``#``.
- :class:`DidWebResolver` and :class:`JwksResolver` — fetch only when ``online=True``; offline
  they answer from their cache or raise :class:`NetworkDisabledError`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from ..errors import (
    InvalidInputError,
    KeyFormatError,
    NetworkDisabledError,
    OpenBadgeError,
    ResolutionError,
)
from ..limits import DEFAULT_LIMITS, Limits
from ..safejson import loads
from .base import Resolver, VerificationMethod
from .did import (
    decode_multikey,
    did_jwk_document,
    did_key_document,
    parse_did_jwk,
    parse_did_key,
)
from .did_web import DidWebResolver, did_web_to_url
from .documents import (
    is_controller_document,
    json_files,
    listed_methods,
    method_from_document,
)
from .jwks import JwksResolver

if TYPE_CHECKING:
    from .fetch import FetchPolicy

__all__ = [
    "ChainResolver",
    "DidDocumentResolver",
    "DidJwkResolver",
    "DidKeyResolver",
    "DidWebResolver",
    "FragmentMultikeyResolver",
    "JwksResolver",
    "MethodLister",
    "SelectiveResolver",
    "default_resolver",
    "did_web_to_url",
]


#: most resolved methods a resolver remembers (bounded memory on hostile input)
_MAX_CACHED_METHODS = 1024


@runtime_checkable
class SelectiveResolver(Resolver, Protocol):
    """A resolver that can tell, without work, whether an id is of the kind it resolves."""

    def handles(self, method_id: str) -> bool:
        """Whether ``method_id`` is an id this resolver resolves (or knows it cannot)."""
        ...


@runtime_checkable
class MethodLister(Protocol):
    """A resolver that can list a controller's ``assertionMethod`` keys.

    Used to decide whether a key given inline (a JWT ``jwk`` header) belongs to the issuer.
    """

    def assertion_methods(self, controller: str) -> list[VerificationMethod]:
        """The methods ``controller`` lists under ``assertionMethod`` (may be empty)."""
        ...


class DidKeyResolver:
    """Resolves ``did:key`` URLs offline (the DID document is generated from the key).

    ``vm_type`` chooses the shape of the generated method: ``Multikey`` (current) or
    ``Ed25519VerificationKey2020`` (older documents); the key is the same.
    """

    def __init__(self, *, vm_type: str = "Multikey") -> None:
        self.vm_type = vm_type
        self._methods: dict[str, VerificationMethod] = {}

    def handles(self, method_id: str) -> bool:
        """Ids starting ``did:key:``."""
        return isinstance(method_id, str) and method_id.startswith("did:key:")

    def document(self, did: str) -> dict[str, Any]:
        """The generated DID document of ``did``."""
        return did_key_document(did, vm_type=self.vm_type)

    def resolve(self, method_id: str) -> VerificationMethod:
        """The method of a did:key; the fragment, when present, must be the key value."""
        cached = self._methods.get(method_id)
        if cached is not None:
            return cached
        did, mb, fragment = parse_did_key(method_id)
        if fragment is not None and fragment != mb:
            raise ResolutionError(
                f"did:key has no verification method #{fragment[:60]} (only #{mb})")
        method = method_from_document(self.document(did), f"{did}#{mb}")
        if len(self._methods) < _MAX_CACHED_METHODS:
            self._methods[method_id] = method
        return method

    def assertion_methods(self, controller: str) -> list[VerificationMethod]:
        """The one method of a did:key."""
        return [self.resolve(controller)] if self.handles(controller) else []


class DidJwkResolver:
    """Resolves ``did:jwk`` URLs offline (its one method is ``#0``)."""

    def handles(self, method_id: str) -> bool:
        """Ids starting ``did:jwk:``."""
        return isinstance(method_id, str) and method_id.startswith("did:jwk:")

    def resolve(self, method_id: str) -> VerificationMethod:
        """The method ``<did>#0`` (a bare DID names it too)."""
        did, _, fragment = parse_did_jwk(method_id)
        if fragment not in (None, "0"):
            raise ResolutionError(f"did:jwk has no verification method #{fragment[:60]}")
        return method_from_document(did_jwk_document(did), f"{did}#0")

    def assertion_methods(self, controller: str) -> list[VerificationMethod]:
        """The method ``#0`` when the did:jwk lists it under ``assertionMethod``."""
        if not self.handles(controller):
            return []
        did = controller.split("#", 1)[0]
        return listed_methods(did_jwk_document(did))


class FragmentMultikeyResolver:
    """The 1EdTech ``<controller URL>#<publicKeyMultibase>`` convention, offline.

    Used by the OB 3.0 test vectors and the 1EdTech validator: the key is decoded from the
    fragment and the controller is the URL before ``#``. Nothing is fetched, so nothing shows
    that the controller lists the key: the ``assertionMethod`` relationship is *assumed by
    convention*, and the method's ``document`` says so (``"assumed": true``). Only ``http(s)``
    controllers are accepted; DID URLs must be resolved through their DID method.
    """

    def handles(self, method_id: str) -> bool:
        """``http(s)://...#z...`` ids."""
        if not isinstance(method_id, str) or "#" not in method_id:
            return False
        base, _, fragment = method_id.partition("#")
        return base.startswith(("https://", "http://")) and fragment.startswith("z")

    def resolve(self, method_id: str) -> VerificationMethod:
        """The key in the fragment, controlled by the URL before ``#``."""
        if not self.handles(method_id):
            raise ResolutionError(
                f"{str(method_id)[:80]!r} is not an http(s) URL with a Multikey fragment")
        controller, _, fragment = method_id.partition("#")
        if len(controller) <= len("https://") or any(c in controller for c in " \t\r\n"):
            raise ResolutionError(f"malformed controller URL {controller[:80]!r}")
        try:
            key = decode_multikey(fragment)
        except KeyFormatError as exc:
            raise ResolutionError(f"verification method {method_id[:120]!r}: "
                                  f"{exc.message}") from None
        document = {
            "id": method_id, "type": "Multikey", "controller": controller,
            "publicKeyMultibase": fragment,
            "resolvedBy": "1EdTech fragment Multikey convention (key read from the id; "
                          "assertionMethod assumed, not fetched)",
            "assumed": True,
        }
        return VerificationMethod(
            id=method_id, type="Multikey", controller=controller, public_key=key,
            relationships=frozenset({"assertionMethod"}), document=document)


class DidDocumentResolver:
    """Resolves against DID / controller documents held locally, with no network.

    ``documents`` is a mapping (any keys) or an iterable of document dicts, a folder path
    (every ``*.json`` file under it, recursively, that looks like a controller document), or a
    list mixing both. Each document is indexed by its own ``id``; two different documents for
    the same ``id`` are refused. The method is selected by exact id (relative ``#frag`` ids in
    a document resolve against its ``id``).
    """

    def __init__(self, documents: Any = None, *, limits: Limits = DEFAULT_LIMITS) -> None:
        self._docs: dict[str, dict[str, Any]] = {}
        self._methods: dict[str, VerificationMethod] = {}  # resolved once, documents are fixed
        self._limits = limits
        for doc, origin in self._gather(documents):
            self.add(doc, origin=origin)

    def _gather(self, source: Any) -> Iterable[tuple[Any, str]]:
        if source is None:
            return
        if isinstance(source, (str, os.PathLike)):
            yield from self._read_folder(Path(source))
        elif isinstance(source, Mapping):
            if is_controller_document(source):
                yield source, "dict"
            else:
                for key, doc in source.items():
                    yield doc, f"dict[{key!r}]"
        elif isinstance(source, Iterable):
            for item in source:
                if isinstance(item, (str, os.PathLike)):
                    yield from self._read_folder(Path(item))
                else:
                    yield item, "list"
        else:
            raise InvalidInputError(f"cannot read DID documents from {type(source).__name__}")

    def _read_folder(self, path: Path) -> Iterable[tuple[Any, str]]:
        for file in json_files(path):
            try:
                with file.open("rb") as fh:
                    data = fh.read(self._limits.max_json_bytes + 1)
                doc = loads(data, limits=self._limits)
            except OSError as exc:
                raise InvalidInputError(f"cannot read {file}: {exc.strerror}") from None
            except InvalidInputError as exc:
                raise InvalidInputError(f"{file}: {exc.message}", code=exc.code) from None
            if is_controller_document(doc):
                yield doc, str(file)

    def add(self, document: Any, *, origin: str = "dict") -> None:
        """Index one more document by its ``id``."""
        if not is_controller_document(document):
            raise InvalidInputError(
                f"{origin}: not a DID/controller document (needs an 'id' and key listings)")
        doc_id = document["id"].split("#", 1)[0]
        existing = self._docs.get(doc_id)
        if existing is not None and existing != document:
            raise InvalidInputError(f"{origin}: a different document for {doc_id!r} is "
                                    "already loaded")
        self._docs[doc_id] = document
        self._methods.clear()

    @property
    def ids(self) -> list[str]:
        """The ids of the documents held."""
        return sorted(self._docs)

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """The document with this ``id``, if held."""
        return self._docs.get(doc_id)

    def handles(self, method_id: str) -> bool:
        """Whether a held document has the id before ``#``."""
        return isinstance(method_id, str) and method_id.split("#", 1)[0] in self._docs

    def resolve(self, method_id: str) -> VerificationMethod:
        """The method ``method_id`` of the held document whose id is the part before ``#``."""
        if not isinstance(method_id, str):
            raise ResolutionError("a verification method id must be a string")
        cached = self._methods.get(method_id)
        if cached is not None:
            return cached
        doc = self._docs.get(method_id.split("#", 1)[0])
        if doc is None:
            raise ResolutionError(f"no local DID/controller document for {method_id[:120]!r}")
        method = method_from_document(doc, method_id)
        if len(self._methods) < _MAX_CACHED_METHODS:
            self._methods[method_id] = method
        return method

    def assertion_methods(self, controller: str) -> list[VerificationMethod]:
        """The methods the held document of ``controller`` lists under ``assertionMethod``."""
        return listed_methods(self._docs.get(controller))


class ChainResolver:
    """Asks each resolver in turn; the first that handles the id answers.

    Resolvers without ``handles`` are tried, and a :class:`ResolutionError` moves on to the
    next. When none succeeds, the error of the first resolver that claimed the id is raised
    (a malformed fragment Multikey is reported as such, not as "needs the network").
    """

    def __init__(self, resolvers: Sequence[Resolver]) -> None:
        self.resolvers = list(resolvers)

    def handles(self, method_id: str) -> bool:
        """Whether any member handles the id."""
        return any(not isinstance(r, SelectiveResolver) or r.handles(method_id)
                   for r in self.resolvers)

    def resolve(self, method_id: str) -> VerificationMethod:
        """The first successful resolution of ``method_id``."""
        errors: list[tuple[bool, ResolutionError]] = []
        for resolver in self.resolvers:
            selective = isinstance(resolver, SelectiveResolver)
            if isinstance(resolver, SelectiveResolver) and not resolver.handles(method_id):
                continue
            try:
                return resolver.resolve(method_id)
            except ResolutionError as exc:
                errors.append((selective, exc))
            except OpenBadgeError as exc:
                errors.append((selective, ResolutionError(exc.message)))
        if not errors:
            raise ResolutionError(
                f"no resolver knows verification method {str(method_id)[:120]!r}",
                code="resolution_unsupported")
        # the first resolver that claimed the id knows best why it failed
        raise next((e for sel, e in errors if sel), errors[0][1])

    def assertion_methods(self, controller: str) -> list[VerificationMethod]:
        """Every ``assertionMethod`` key of ``controller`` that any member can list.

        Raises the first :class:`ResolutionError` (a :class:`NetworkDisabledError` first)
        only when no member listed anything and some member failed.
        """
        found: dict[str, VerificationMethod] = {}
        errors: list[ResolutionError] = []
        for resolver in self.resolvers:
            if not isinstance(resolver, MethodLister):
                continue
            if isinstance(resolver, SelectiveResolver) and not resolver.handles(controller):
                continue
            try:
                for vm in resolver.assertion_methods(controller):
                    found.setdefault(vm.id, vm)
            except ResolutionError as exc:
                errors.append(exc)
        if not found and errors:
            raise next((e for e in errors if isinstance(e, NetworkDisabledError)), errors[0])
        return list(found.values())


def default_resolver(
    *,
    online: bool = False,
    did_documents: Any = None,
    jwks: Any = None,
    cache_dir: str | os.PathLike[str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    policy: FetchPolicy | None = None,
) -> ChainResolver:
    """The resolver the verifier uses unless told otherwise.

    did:key, did:jwk, local DID/controller documents (``did_documents``: dict(s) or a folder),
    the 1EdTech fragment Multikey convention (after the network resolvers when online), then
    did:web and JWKS URLs. did:web and JWKS
    fetch only when ``online`` is true; offline they answer from ``cache_dir`` (if given) or
    raise :class:`NetworkDisabledError`, which a verifier reports as "needs the network".
    ``policy`` says which hosts online fetches may contact (default: public HTTPS only).
    """
    chain: list[Resolver] = [DidKeyResolver(), DidJwkResolver()]
    if did_documents is not None:
        chain.append(DidDocumentResolver(did_documents, limits=limits))
    if not online:
        # offline, the key can still be read from the id; the proof verifiers report it as
        # self-asserted (not shown to be the issuer's), never as the issuer's key
        chain.append(FragmentMultikeyResolver())
    chain.append(DidWebResolver(online=online, cache_dir=cache_dir, limits=limits,
                                policy=policy))
    chain.append(JwksResolver(jwks, online=online, cache_dir=cache_dir, limits=limits,
                              policy=policy))
    if online:
        # online, the issuer's own controller document (fetched above) is asked first
        chain.append(FragmentMultikeyResolver())
    return ChainResolver(chain)

