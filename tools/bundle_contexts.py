"""Rebuild the bundled JSON-LD context documents from the shared collection.

Maintainer tool: it reads ``../shared`` (the collection described in its
``spec/MANIFEST.json`` and ``vectors/jsonld-contexts/index.json``) and writes
``src/openbadge_kit/jsonld/contexts/`` with an ``index.json`` that records, for
every URL, the file, its sha256, where it came from and its licence.  A user's
clone never needs to run this: the output is committed.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
OUT = ROOT / "src" / "openbadge_kit" / "jsonld" / "contexts"

W3C = "W3C Software and Document License"
LICENCES = {
    "w3.org": W3C,
    "w3id.org/security/suites/ed25519": "BSD-3-Clause (Digital Bazaar)",
    "w3id.org/security/v": "BSD-3-Clause (Digital Bazaar / W3C CCG)",
    "w3id.org/vc/status-list": W3C,
    "w3id.org/security/data-integrity": W3C,
    "w3id.org/security/multikey": W3C,
    "w3id.org/security/jwk": W3C,
    "w3id.org/dcc": "MIT (Digital Credentials Consortium)",
    "w3id.org/citizenship": W3C,
    "purl.imsglobal.org": "1EdTech specification licence",
    "openbadgespec.org/extensions": "1EdTech specification licence",
    "imsglobal.github.io": "1EdTech specification licence",
    "w3id.org/openbadges": "Apache-2.0 (1EdTech validator copy)",
    "openbadgespec.org/v2": "Apache-2.0 (1EdTech validator copy)",
}


def licence_for(url: str) -> str:
    for key, value in LICENCES.items():
        if key in url:
            return value
    return "see source"


def main() -> int:
    if not SHARED.is_dir():
        print("needs ../shared", file=sys.stderr)
        return 2
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    entries: dict[str, dict[str, object]] = {}

    def add(url: str, src: Path, source: str, aliases: list[str] | None = None) -> None:
        data = src.read_bytes()
        name = src.name if src.suffix == ".jsonld" else src.stem + ".jsonld"
        (OUT / name).write_bytes(data)
        entries[url] = {
            "file": name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "source": source,
            "licence": licence_for(url),
            "aliases": aliases or [],
        }

    manifest = json.loads((SHARED / "spec" / "MANIFEST.json").read_text())
    for url, e in manifest["contexts"].items():
        add(url, SHARED / e["file"], e["source"], e.get("aliases"))
    index = json.loads((SHARED / "vectors" / "jsonld-contexts" / "index.json").read_text())
    for c in index["contexts"]:
        url = c.get("url")
        src = SHARED / "vectors" / "jsonld-contexts" / c["file"]
        if url is None:
            continue
        if url == "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json":
            # The validator's copy is the newest 3.0.3 (adds `jti`, `endorsementJwt`);
            # the spec-repo copy stays available as a variant (NOTES 10.9).
            old = entries[url]
            variant = OUT / "ob-v3p0-context-3.0.3.spec-repo-2024-03.jsonld"
            (OUT / str(old["file"])).rename(variant)
            add(url, src, c["source"])
            entries[url]["variants"] = [{
                "file": variant.name,
                "sha256": old["sha256"],
                "source": old["source"],
                "note": "published spec-repo copy, lacks jti and endorsementJwt",
            }]
            continue
        if url in entries:
            continue
        add(url, src, c["source"])
    (OUT / "index.json").write_text(json.dumps(
        {"description": "Bundled JSON-LD contexts: URL -> file, sha256, source, licence. "
                        "Built by tools/bundle_contexts.py.",
         "contexts": dict(sorted(entries.items()))}, indent=1) + "\n")
    print(f"{len(entries)} contexts bundled into {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
