"""JWK / JWKS key URLs: the VC-JWT ``kid`` convention of OB 3.0 and the 1EdTech tools.

A ``kid`` that is an HTTPS URL dereferences to a single JWK (what the 1EdTech validator reads)
or to a JWK Set, in which case the key whose ``kid`` equals the full URL or its fragment is
taken — never "the first key". An issuer's JWKS lives at
``https://{authority of issuer.id}/.well-known/jwks.json`` (implementation guide).

Offline, keys come from a mapping ``{url: JWK or JWKS}``, from JWK/JWKS files whose keys carry
absolute ``kid`` URLs, or from the cache; online fetching is opt-in.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInputError, KeyFormatError, NetworkDisabledError, ResolutionError
from ..limits import DEFAULT_LIMITS, Limits
from ..safejson import loads
from .base import VerificationMethod
from .documents import is_controller_document, json_files, method_from_document
from .jwk import public_key_from_jwk
from .online import DEFAULT_MAX_AGE, OnlineResolver

if TYPE_CHECKING:  # httpx is imported only when a fetch happens (cold start)
    import httpx

    from .fetch import FetchPolicy

# keys.fetch (and its FetchPolicy) is imported when an https key id is met, not when the
# resolver is built: every verification builds one (cold start)

#: media types accepted for a JWK, a JWK Set or an HTTPS controller document
JWK_MEDIA_TYPES = ("application/jwk+json", "application/jwk-set+json", "application/json",
                   "application/ld+json", "application/did+json", "application/did+ld+json")
#: most keys read from one JWK Set
MAX_JWKS_KEYS = 256


def well_known_jwks_url(issuer_id: str) -> str | None:
    """``https://{authority}/.well-known/jwks.json`` of an http(s) issuer id, else None."""
    from .fetch import url_origin

    origin = url_origin(issuer_id)
    return f"{origin}/.well-known/jwks.json" if origin else None


def _jwks_keys(doc: Any) -> list[dict[str, Any]] | None:
    """The keys of a JWK Set, or None when ``doc`` is not one."""
    if not isinstance(doc, dict) or not isinstance(doc.get("keys"), list):
        return None
    keys = doc["keys"]
    if len(keys) > MAX_JWKS_KEYS:
        raise ResolutionError(f"JWK Set has more than {MAX_JWKS_KEYS} keys")
    return [k for k in keys if isinstance(k, dict)]


def _vm_for(kid: str, jwk: dict[str, Any], source: str) -> VerificationMethod:
    try:
        key = public_key_from_jwk(jwk)
    except KeyFormatError as exc:
        raise ResolutionError(f"key {kid[:120]!r} at {source}: {exc.message}") from None
    from .fetch import url_origin

    iss = jwk.get("iss")
    controller = iss if isinstance(iss, str) and iss else (url_origin(kid) or source)
    document = {"id": kid, "type": "JsonWebKey", "controller": controller,
                "publicKeyJwk": jwk, "source": source, "resolvedBy": "jwks"}
    return VerificationMethod(id=kid, type="JsonWebKey", controller=controller,
                              public_key=key, relationships=frozenset(), document=document)


class JwksResolver(OnlineResolver):
    """Resolves HTTPS ``kid`` URLs to keys; fetches only when ``online`` is true.

    The URL before ``#`` may also serve a controller document (an HTTPS issuer profile with
    ``verificationMethod`` / ``assertionMethod``, OB implementation guide); its method is then
    chosen by id, with its relationships, exactly as for a DID document.

    The method's ``controller`` is the JWK's ``iss`` member when it has one, else the origin
    of the URL; ``relationships`` is empty (a JWKS states none) and ``document["resolvedBy"]``
    is ``"jwks"``, so a verifier applies the JWKS binding rule (same authority as the issuer).
    """

    def __init__(
        self,
        jwks: Any = None,
        *,
        online: bool = False,
        cache_dir: str | os.PathLike[str] | None = None,
        client: httpx.Client | None = None,
        limits: Limits = DEFAULT_LIMITS,
        allow_loopback: bool = False,
        allow_private: bool = False,
        max_age: float = DEFAULT_MAX_AGE,
        policy: FetchPolicy | None = None,
    ) -> None:
        super().__init__(online=online, cache_dir=cache_dir, client=client, limits=limits,
                         allow_loopback=allow_loopback, allow_private=allow_private,
                         max_age=max_age, policy=policy)
        self._docs: dict[str, Any] = {}  # url -> JWK or JWKS
        self._keys: dict[str, tuple[dict[str, Any], str]] = {}  # absolute kid -> (jwk, source)
        for doc, url, origin in self._gather(jwks):
            self.add(doc, url=url, origin=origin)

    # --- offline material -----------------------------------------------------------

    def _gather(self, source: Any) -> Iterable[tuple[Any, str | None, str]]:
        if source is None:
            return
        if isinstance(source, (str, os.PathLike)):
            yield from self._read(Path(source))
        elif isinstance(source, Mapping):
            if "kty" in source or "keys" in source:
                yield source, None, "dict"
            else:
                for url, doc in source.items():
                    yield doc, str(url), f"dict[{url!r}]"
        elif isinstance(source, Iterable):
            for item in source:
                if isinstance(item, (str, os.PathLike)):
                    yield from self._read(Path(item))
                else:
                    yield item, None, "list"
        else:
            raise InvalidInputError(f"cannot read JWKs from {type(source).__name__}")

    def _read(self, path: Path) -> Iterable[tuple[Any, str | None, str]]:
        for file in json_files(path):
            try:
                with file.open("rb") as fh:
                    doc = loads(fh.read(self._limits.max_json_bytes + 1), limits=self._limits)
            except OSError as exc:
                raise InvalidInputError(f"cannot read {file}: {exc.strerror}") from None
            except InvalidInputError as exc:
                raise InvalidInputError(f"{file}: {exc.message}", code=exc.code) from None
            if isinstance(doc, dict) and ("kty" in doc or _jwks_keys(doc) is not None):
                yield doc, None, str(file)

    def add(self, doc: Any, *, url: str | None = None, origin: str = "dict") -> None:
        """Add a JWK or JWK Set, published at ``url`` when known."""
        keys = _jwks_keys(doc)
        if keys is None:
            if not isinstance(doc, dict) or "kty" not in doc:
                raise InvalidInputError(f"{origin}: neither a JWK nor a JWK Set")
            keys = [doc]
        if url is not None:
            self._docs[url.split("#", 1)[0]] = doc
        for jwk in keys:
            kid = jwk.get("kid")
            if isinstance(kid, str) and kid.startswith(("https://", "http://")):
                self._keys[kid] = (jwk, origin)

    # --- resolution -------------------------------------------------------------------

    def handles(self, method_id: str) -> bool:
        """HTTPS URLs (and http ones for loopback tests), or kids held offline."""
        if not isinstance(method_id, str):
            return False
        if method_id in self._keys or method_id.startswith("https://"):
            return True
        return method_id.startswith("http://") and self._policy.allow_loopback

    def document(self, url: str) -> Any:
        """The JWK or JWK Set at ``url`` (offline material, cache, then network if online)."""
        if url in self._docs:
            return self._docs[url]
        doc: Any = None
        if self._cache is not None:
            doc = self._cache.get(url, max_age=self._max_age if self.online else None)
        if doc is None:
            if not self.online:
                raise NetworkDisabledError(
                    f"the key at {url} needs the network; allow it with online=True / "
                    "--online, or give the JWK Set offline")
            from .fetch import fetch_json

            doc = fetch_json(url, accept=JWK_MEDIA_TYPES, client=self._client,
                             policy=self._policy, limits=self._limits)
            if not isinstance(doc, dict) or ("kty" not in doc and _jwks_keys(doc) is None
                                             and not is_controller_document(doc)):
                raise ResolutionError(
                    f"{url} returned neither a JWK, a JWK Set nor a controller document")
            if self._cache is not None:
                self._cache.put(url, doc)
        self._docs[url] = doc
        return doc

    def resolve(self, method_id: str) -> VerificationMethod:
        """The key a ``kid`` URL names."""
        if not self.handles(method_id):
            raise ResolutionError(f"not an HTTPS key URL: {str(method_id)[:80]!r}")
        held = self._keys.get(method_id)
        if held is not None:
            return _vm_for(method_id, held[0], held[1])
        url, _, fragment = method_id.partition("#")
        doc = self.document(url)
        if is_controller_document(doc):  # an HTTPS issuer profile listing its methods
            return method_from_document(doc, method_id)
        keys = _jwks_keys(doc)
        if keys is None:  # a single JWK at the kid URL
            own = doc.get("kid") if isinstance(doc, dict) else None
            if fragment and isinstance(own, str) and own not in (fragment, method_id):
                raise ResolutionError(f"the JWK at {url} has kid {own[:80]!r}, not "
                                      f"{method_id[:120]!r}")
            return _vm_for(method_id, doc, url)
        wanted = {method_id, fragment} if fragment else {method_id}
        matches = [k for k in keys if k.get("kid") in wanted]
        if not matches:
            raise ResolutionError(f"the JWK Set at {url} has no key with kid "
                                  f"{method_id[:120]!r}")
        if len(matches) > 1:
            raise ResolutionError(f"the JWK Set at {url} has several keys with kid "
                                  f"{method_id[:120]!r}")
        return _vm_for(method_id, matches[0], url)

    def issuer_keys(self, issuer_id: str) -> list[VerificationMethod]:
        """The keys of the issuer's JWKS at ``/.well-known/jwks.json`` of its authority.

        Keys with an ``iss`` member count only when it equals ``issuer_id``. Raises
        :class:`NetworkDisabledError` when only the network could answer.
        """
        url = well_known_jwks_url(issuer_id)
        if url is None:
            return []
        doc = self.document(url)
        keys = _jwks_keys(doc)
        if keys is None:
            keys = [doc] if isinstance(doc, dict) else []
        out = []
        for jwk in keys:
            if "iss" in jwk and jwk["iss"] != issuer_id:
                continue
            kid = jwk.get("kid")
            kid_url = kid if isinstance(kid, str) and "://" in kid else (
                f"{url}#{kid}" if isinstance(kid, str) else url)
            try:
                out.append(_vm_for(kid_url, jwk, url))
            except ResolutionError:
                continue
        return out

    def assertion_methods(self, controller: str) -> list[VerificationMethod]:
        """The issuer's JWKS keys (see :meth:`issuer_keys`); JWKS keys sign for the issuer."""
        return self.issuer_keys(controller)
