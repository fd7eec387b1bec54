"""Issuing at scale: the Issuer, the issuance registry, status lists and endorsements."""

from .issuer import IssuedCredential, Issuer, IssueRequest
from .registry import IssuanceRecord, PostgresRegistry, Registry, SQLiteRegistry, open_registry

__all__ = [
    "IssuanceRecord",
    "IssueRequest",
    "IssuedCredential",
    "Issuer",
    "PostgresRegistry",
    "Registry",
    "SQLiteRegistry",
    "open_registry",
]
