"""The layering contract: the core never imports an adapter (checked by import-linter)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_import_contracts_hold() -> None:
    lint = Path(sys.executable).parent / "lint-imports"
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([str(lint)], cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
