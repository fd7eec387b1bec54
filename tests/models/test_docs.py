"""The Python examples in docs/models.md run, in order, as one script."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "models.md"


def test_models_doc_examples_run() -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 8
    namespace: dict[str, object] = {}
    exec(compile("\n".join(blocks), str(DOC), "exec"), namespace)
    credential = namespace["credential"]
    data = credential.to_jsonld()  # type: ignore[attr-defined]
    results = data["credentialSubject"]["result"]
    assert results[1]["value"] == "12"
    assert namespace["issues"] == []
