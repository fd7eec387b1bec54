"""A separate process issuing into a shared registry (run by test_concurrency.py).

usage: python issue_worker.py REGISTRY COUNT TAG [CHUNK]
Prints "done <n>" after each committed chunk, so the parent can tell it got going.
"""

from __future__ import annotations

import sys

from openbadge_kit.issuer import Issuer, IssueRequest
from openbadge_kit.keys.ed25519 import Ed25519KeyPair

LIST_URL = "https://badges.example.edu/status/1"


def main() -> None:
    location, count, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    chunk = int(sys.argv[4]) if len(sys.argv) > 4 else 10
    key = Ed25519KeyPair.from_seed(bytes(range(32)))
    profile = {"id": key.did_key, "type": ["Profile"], "name": "Example Community College"}
    achievement = {
        "id": "https://badges.example.edu/achievements/1", "type": ["Achievement"],
        "name": "Verbal Communication", "description": "Illustrative achievement.",
        "criteria": {"narrative": "Complete every assignment."},
    }
    with Issuer(profile, key, registry=location, status_list=LIST_URL, workers=1) as issuer:
        requests = [IssueRequest(achievement, f"{tag}-{i}@example.com") for i in range(count)]
        for start in range(0, count, chunk):
            issuer.issue_many(requests[start:start + chunk], chunk_size=chunk)
            print(f"done {start + chunk}", flush=True)


if __name__ == "__main__":
    main()
