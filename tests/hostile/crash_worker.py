"""An issuing process that writes every credential it is handed (run by test_crash_safety).

usage: python crash_worker.py REGISTRY OUT_DIR COUNT TAG CHUNK
Issues COUNT credentials in chunks of CHUNK into REGISTRY; after each chunk returns, writes
each credential to OUT_DIR/<uuid>.json atomically (temporary file, fsync, rename), the way
an issuing service hands credentials out. The parent SIGKILLs it at random moments.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from openbadge_kit.issuer import Issuer, IssueRequest
from openbadge_kit.keys.ed25519 import Ed25519KeyPair

LIST_URL = "https://badges.example.edu/status/crash"


def main() -> None:
    location, out, count, tag, chunk = (sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]),
                                        sys.argv[4], int(sys.argv[5]))
    key = Ed25519KeyPair.from_seed(bytes(range(32)))
    profile = {"id": key.did_key, "type": ["Profile"], "name": "Crash Test College"}
    achievement = {
        "id": "https://badges.example.edu/achievements/crash", "type": ["Achievement"],
        "name": "Survives SIGKILL", "description": "Illustrative achievement.",
        "criteria": {"narrative": "Be issued exactly once."},
    }
    with Issuer(profile, key, registry=location, status_list=LIST_URL, workers=1) as issuer:
        requests = [IssueRequest(achievement, f"{tag}-{i}@example.com") for i in range(count)]
        for start in range(0, count, chunk):
            for issued in issuer.issue_many(requests[start:start + chunk], chunk_size=chunk):
                name = issued.credential_id.rsplit(":", 1)[-1]
                tmp = out / f".{name}.tmp"
                with open(tmp, "w", encoding="utf-8") as fh:
                    fh.write(issued.to_text())
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, out / f"{name}.json")
            print(f"done {start + chunk}", flush=True)


if __name__ == "__main__":
    main()
