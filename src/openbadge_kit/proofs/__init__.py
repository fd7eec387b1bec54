"""Proof formats: Data Integrity (eddsa-rdfc-2022, Ed25519Signature2020) and VC-JWT.

Each format is its own module with ``sign`` and a verify function that returns
:class:`~openbadge_kit.proofs.base.ProofResult` values; ``registry`` is the allow-list of
embedded proof suites.
"""
