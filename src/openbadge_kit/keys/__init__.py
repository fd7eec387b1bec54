"""Keys and key discovery (see ``docs/keys.md``).

Modules: ``ed25519`` (Ed25519KeyPair, Multikey), ``jose_keys`` (RSA / P-256 pairs),
``jwk`` (public JWKs, thumbprints), ``keyfile`` (the 0600 key file), ``did`` (did:key,
did:jwk), ``documents`` (choosing a method in a DID document), ``resolvers``
(``default_resolver`` and friends), ``did_web`` / ``jwks`` / ``fetch`` (opt-in network),
``publish`` (did.json and JWKS for issuers). Nothing is imported here, to keep start-up cheap.
"""
