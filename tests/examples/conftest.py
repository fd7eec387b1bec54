"""Make the JMG example's modules importable (they live in examples/jmg, not the package)."""

from __future__ import annotations

import sys
from pathlib import Path

JMG = Path(__file__).resolve().parents[2] / "examples" / "jmg"
if str(JMG) not in sys.path:
    sys.path.insert(0, str(JMG))
