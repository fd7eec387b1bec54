"""The one exception hierarchy of openbadge_kit.

Every error the library raises on purpose is an :class:`OpenBadgeError` and carries a
stable, machine-readable ``code`` next to its human message, so callers (and the CLI)
can branch on the code and show the message.  Verification never raises these for a
hostile credential: the verifier turns them into failed checks.
"""

from __future__ import annotations


class OpenBadgeError(Exception):
    """Base class of every error raised by openbadge_kit."""

    code: str = "error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message


# --- input -----------------------------------------------------------------------------


class InvalidInputError(OpenBadgeError):
    """Input that cannot be read as what it claims to be (malformed JSON, bad encoding...)."""

    code = "invalid_input"


class InputTooLargeError(InvalidInputError):
    """Input over a configured size, depth or count limit."""

    code = "input_too_large"


# --- models ----------------------------------------------------------------------------


class ModelValidationError(OpenBadgeError):
    """Data that does not fit the Open Badges 3.0 data model.

    ``path`` is the JSON path of the first offending value, e.g.
    ``$.credentialSubject.achievement.name``; ``errors`` lists every problem found
    as ``(path, message)`` pairs.
    """

    code = "model_invalid"

    def __init__(
        self,
        message: str,
        *,
        path: str = "$",
        errors: list[tuple[str, str]] | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message, code=code)
        self.path = path
        self.errors = errors if errors is not None else [(path, message)]


class SchemaValidationError(ModelValidationError):
    """Data that fails an Open Badges JSON Schema."""

    code = "schema_invalid"


# --- JSON-LD ---------------------------------------------------------------------------


class JsonLdError(OpenBadgeError):
    """JSON-LD processing failed."""

    code = "jsonld_error"


class ContextNotAllowedError(JsonLdError):
    """A context URL that the offline loader does not hold (and network loading is off)."""

    code = "context_not_allowed"

    def __init__(self, url: str, reason: str | None = None) -> None:
        super().__init__(
            reason
            or f"JSON-LD context {url!r} is not bundled and remote contexts are not loaded "
            "(offline by default)",
        )
        self.url = url


class SafeModeError(JsonLdError):
    """JSON-LD expansion would silently drop data (undefined term, relative IRI or type)."""

    code = "jsonld_data_loss"

    def __init__(self, message: str, *, term: str | None = None) -> None:
        super().__init__(message)
        self.term = term


class CanonicalizationLimitError(JsonLdError):
    """RDFC-1.0 canonicalization exceeded its work limit (a poison graph, or a huge one)."""

    code = "canonicalization_limit"


# --- keys and resolution -----------------------------------------------------------------


class KeyFormatError(OpenBadgeError):
    """A key, multibase/multicodec value, JWK or key file that cannot be used."""

    code = "key_invalid"


class ResolutionError(OpenBadgeError):
    """A DID, verification method or key URL could not be resolved to a usable key."""

    code = "resolution_failed"


class NetworkDisabledError(ResolutionError):
    """Resolution needs the network, and the caller did not allow it."""

    code = "network_disabled"


class NetworkError(ResolutionError):
    """A permitted network fetch failed (timeout, HTTP error, oversize, wrong type)."""

    code = "network_error"


class NetworkRefusedError(NetworkError):
    """A URL the fetch policy refuses (loopback or private address, plain HTTP, user
    information, malformed): a property of the URL, not a passing network failure."""

    code = "network_refused"


# --- proofs ----------------------------------------------------------------------------


class SigningError(OpenBadgeError):
    """A credential could not be signed (refused by safe mode, bad key, bad options)."""

    code = "signing_failed"


class ProofError(OpenBadgeError):
    """A proof is malformed or does not verify."""

    code = "proof_invalid"


class UnsupportedProofError(ProofError):
    """A proof type or cryptosuite this library does not implement."""

    code = "proof_unsupported"


# --- baking ----------------------------------------------------------------------------


class BakeError(OpenBadgeError):
    """Baking into or extracting from a badge image failed."""

    code = "bake_failed"


class ImageFormatError(BakeError):
    """Not a PNG or SVG, or a corrupt one (bad CRC, truncated, hostile XML)."""

    code = "image_invalid"


class NoCredentialFoundError(BakeError):
    """A valid image that carries no credential."""

    code = "no_credential"


class AmbiguousCredentialError(BakeError):
    """An image with more than one credential carrier."""

    code = "ambiguous_credential"


# --- issuing ---------------------------------------------------------------------------


class IssuanceError(OpenBadgeError):
    """A credential could not be issued."""

    code = "issuance_failed"


class RegistryError(IssuanceError):
    """The issuance registry refused an operation or is inconsistent."""

    code = "registry_error"


class StatusListError(OpenBadgeError):
    """A status list is malformed, full, or cannot be used."""

    code = "status_list_error"


class StackingError(OpenBadgeError):
    """A stack definition is invalid or a parent credential cannot be issued."""

    code = "stacking_error"


class FrameworkError(OpenBadgeError):
    """A framework or gradebook file is invalid (the message names the line or key)."""

    code = "framework_invalid"


class NotificationError(OpenBadgeError):
    """An award message could not be composed or sent."""

    code = "notification_failed"
