"""Credential status: the bitstring codec (issuer and verifier), and for the verifier
the status list store, status list credential verification and the entry checks."""
