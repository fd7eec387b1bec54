"""Cold start (issues #5, #7): an offline verification imports none of the heavy libraries.

httpx is for fetches, jsonschema/referencing for schemas the compiled validator does not
cover, pyld for documents the JSON-LD fast path does not cover: a fresh process that
imports the resolvers, or verifies an ordinary signed credential offline, must not load
any of them.  Each case runs in its own interpreter and inspects ``sys.modules``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from openbadge_kit.keys.ed25519 import Ed25519KeyPair
from openbadge_kit.proofs.data_integrity import sign

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
HEAVY = ("httpx", "jsonschema", "referencing", "pyld")
KEY = Ed25519KeyPair.from_seed(bytes(range(7, 39)))


#: modules an offline check of an Ed25519 did:key badge never needs: cryptography's PEM/SSH
#: serialization (ciphers, DH, DSA ...), its RSA and EC keys (and ``random``, which its RSA
#: module imports), and the network fetcher of the did:web and JWKS resolvers
NOT_FOR_ED25519 = ("cryptography.hazmat.primitives.serialization",
                   "cryptography.hazmat.primitives.asymmetric.rsa",
                   "cryptography.hazmat.primitives.asymmetric.ec", "random",
                   "openbadge_kit.keys.fetch")


def _loaded_after(code: str, watched: tuple[str, ...] = HEAVY) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter; the ``watched`` modules it loaded, and its
    ``result``."""
    program = (f"import sys\n{code}\n"
               "import json\n"
               f"print(json.dumps({{'loaded': [m for m in {watched!r} if m in sys.modules], "
               "'result': globals().get('result')}))")
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                         check=True, timeout=120).stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _signed_credential(folder: Path) -> Path:
    doc = json.loads((VECTORS / "bench-credential-unsigned.json").read_text("utf-8"))
    doc["issuer"]["id"] = KEY.did_key
    signed = sign(doc, KEY, verification_method=KEY.did_key_vm, created="2024-06-01T00:00:00Z")
    path = folder / "credential.json"
    path.write_text(json.dumps(signed), "utf-8")
    return path


def test_importing_the_resolvers_is_light() -> None:
    found = _loaded_after("import openbadge_kit.keys.resolvers\n"
                          "from openbadge_kit.keys.resolvers import default_resolver\n"
                          "default_resolver()")
    assert found["loaded"] == []


def test_offline_verification_of_a_json_credential_is_light(tmp_path: Path) -> None:
    path = _signed_credential(tmp_path)
    found = _loaded_after(
        "from datetime import datetime, timezone\n"
        "import openbadge_kit\n"
        f"report = openbadge_kit.verify({str(path)!r}, "
        "now=datetime(2026, 6, 1, tzinfo=timezone.utc))\n"
        "result = [report.verified, "
        "[(c.check, c.code) for c in report.checks if c.check in ('schema', 'proof')]]")
    verified, checks = found["result"]
    assert verified is True
    assert ["schema", "schema.ok"] in checks and ["proof", "proof.valid"] in checks
    assert found["loaded"] == []


def test_offline_cli_verification_is_light(tmp_path: Path) -> None:
    path = _signed_credential(tmp_path)
    found = _loaded_after(
        "from openbadge_kit.cli import main\n"
        f"try:\n    result = main(['verify', {str(path)!r}])\n"
        "except SystemExit as exc:\n    result = exc.code\n")
    assert found["result"] in (0, 1)  # verified, or not (the clock is today's)
    assert found["loaded"] == []


def test_the_reference_engine_still_imports_jsonschema() -> None:
    """The checks above can fail: asking for the reference engine does load jsonschema."""
    found = _loaded_after(
        "from openbadge_kit.schema import validate_schema\n"
        "result = validate_schema({}, engine='jsonschema') != []")
    assert found["result"] is True
    assert "jsonschema" in found["loaded"] and "referencing" in found["loaded"]


def test_offline_cli_verification_of_an_ed25519_badge_loads_no_rsa_ec_or_pem_code(
        tmp_path: Path) -> None:
    path = _signed_credential(tmp_path)
    found = _loaded_after(
        "from openbadge_kit.cli import main\n"
        f"result = main(['verify', '--now', '2026-06-01T00:00:00Z', {str(path)!r}])\n",
        NOT_FOR_ED25519)
    assert found["result"] == 0
    assert found["loaded"] == []


def test_public_key_type_is_still_importable() -> None:
    """``keys.base.PublicKey`` is built on first use; it is the same union as before."""
    found = _loaded_after(
        "from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa\n"
        "from openbadge_kit.keys.base import PublicKey\n"
        "import openbadge_kit.keys.base as base\n"
        "result = [PublicKey == (ed25519.Ed25519PublicKey | rsa.RSAPublicKey\n"
        "                        | ec.EllipticCurvePublicKey), hasattr(base, 'NoSuchName')]")
    assert found["result"] == [True, False]
