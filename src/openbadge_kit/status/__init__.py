"""Credential status: the bitstring codec shared by the issuer and the verifier."""
