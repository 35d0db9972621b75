"""`praxis --version`: what an operator checks first when something looks different."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path


def test_version_prints_the_installed_version_and_exits_0(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-m", "bot.root.cli", "--version"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"praxis {metadata.version('praxis')}"
