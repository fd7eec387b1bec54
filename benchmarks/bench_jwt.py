"""Benchmark: VC-JWT sign and verify of the benchmark credential, EdDSA / ES256 / RS256.

Prints per-credential medians next to the floor a verifier cannot beat: one raw signature
verification plus parsing the payload JSON (measured in the same run), and the ratio.
Target (issue #3): EdDSA verify within 2x of its floor; "paired ratio" times verify and floor
back to back in each run, which stays meaningful on a loaded machine. Keys are resolved
offline (a did:web document held in memory, the same path a real verification takes).
Run: ``python benchmarks/bench_jwt.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import base64
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from openbadge_kit.keys.ed25519 import Ed25519KeyPair
from openbadge_kit.keys.jose_keys import P256KeyPair, RsaKeyPair
from openbadge_kit.keys.resolvers import DidDocumentResolver, default_resolver
from openbadge_kit.proofs import vc_jwt

ROOT = Path(__file__).resolve().parents[1]
CREDENTIAL_FILE = ROOT / "tests" / "vectors" / "bench-credential-unsigned.json"
ISSUER = "did:web:issuer.example"
NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)


def median_seconds(func: Callable[[], Any], repeat: int, inner: int) -> float:
    """Median over ``repeat`` runs of the mean time of ``inner`` calls."""
    func()  # warm up (caches, imports)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(inner):
            func()
        samples.append((time.perf_counter() - start) / inner)
    return statistics.median(samples)


def paired_ratio(func: Callable[[], Any], base: Callable[[], Any], repeat: int,
                 inner: int) -> float:
    """Median of per-run ratios, timing ``func`` and ``base`` back to back in each run.

    On a shared machine the load changes from second to second; pairing the two timings
    keeps the ratio meaningful when the absolute medians drift.
    """
    ratios = []
    for _ in range(repeat):
        ratios.append(median_seconds(func, 1, inner) / median_seconds(base, 1, inner))
    return statistics.median(ratios)


def floor_for(alg: str, key: Any, token: str) -> Callable[[], Any]:
    """One raw signature verification of ``token`` plus json.loads of its payload."""
    head, payload, sig = token.split(".")
    data = f"{head}.{payload}".encode()
    signature = base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4))
    raw_payload = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    public = key.public_key
    if alg == "EdDSA":
        return lambda: (public.verify(signature, data), json.loads(raw_payload))
    if alg == "ES256":
        der = encode_dss_signature(int.from_bytes(signature[:32], "big"),
                                   int.from_bytes(signature[32:], "big"))
        return lambda: (public.verify(der, data, ec.ECDSA(hashes.SHA256())),
                        json.loads(raw_payload))
    return lambda: (public.verify(signature, data, padding.PKCS1v15(), hashes.SHA256()),
                    json.loads(raw_payload))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per item")
    parser.add_argument("--inner", type=int, default=200, help="calls per timed run")
    args = parser.parse_args(argv)
    credential = json.loads(CREDENTIAL_FILE.read_text())
    credential["issuer"]["id"] = ISSUER
    keys: dict[str, Any] = {
        "EdDSA": Ed25519KeyPair.from_seed(bytes(32), key_id=f"{ISSUER}#ed"),
        "ES256": P256KeyPair.generate(key_id=f"{ISSUER}#p256"),
        "RS256": RsaKeyPair.generate(key_id=f"{ISSUER}#rsa"),
    }
    doc = {"id": ISSUER, "verificationMethod": [
        {"id": k.key_id, "type": "JsonWebKey", "controller": ISSUER, "publicKeyJwk": k.to_jwk()}
        for k in keys.values()], "assertionMethod": [k.key_id for k in keys.values()]}
    plain = DidDocumentResolver(doc)
    chained = default_resolver(did_documents=doc)

    print(f"VC-JWT medians per credential ({CREDENTIAL_FILE.name}, "
          f"{len(json.dumps(credential))} bytes JSON); {args.repeat} runs x {args.inner} calls")
    print(f"{'alg':<7}{'sign ms':>10}{'verify ms':>11}{'verify(chain) ms':>18}"
          f"{'floor ms':>10}{'verify/floor':>14}{'paired ratio':>14}")
    for alg, key in keys.items():
        token = vc_jwt.sign(credential, key)
        assert vc_jwt.verify(token, resolver=plain, now=NOW).result.ok
        assert vc_jwt.verify(token, resolver=chained, now=NOW).result.ok
        inner = max(10, args.inner // (20 if alg == "RS256" else 1))
        sign_s = median_seconds(lambda key=key: vc_jwt.sign(credential, key), args.repeat,
                                max(5, inner // (10 if alg == "RS256" else 1)))
        verify_s = median_seconds(
            lambda token=token: vc_jwt.verify(token, resolver=plain, now=NOW), args.repeat, inner)
        chain_s = median_seconds(
            lambda token=token: vc_jwt.verify(token, resolver=chained, now=NOW), args.repeat,
            inner)
        floor = floor_for(alg, key, token)
        floor_s = median_seconds(floor, args.repeat, inner)
        paired = paired_ratio(lambda token=token: vc_jwt.verify(token, resolver=plain, now=NOW),
                              floor, args.repeat, inner)
        print(f"{alg:<7}{sign_s * 1e3:>10.3f}{verify_s * 1e3:>11.3f}{chain_s * 1e3:>18.3f}"
              f"{floor_s * 1e3:>10.3f}{verify_s / floor_s:>14.2f}{paired:>14.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
