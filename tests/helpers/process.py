"""The installed command in a real process, with the modules it imported (-X importtime):
what only a process shows, such as which path a command took."""

from __future__ import annotations

import subprocess
import sys


def with_imports(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`python -X importtime -m cxhabits ARGS` in `env`, stdin closed, text captured."""
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "cxhabits", *args],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def modules(result: subprocess.CompletedProcess[str]) -> set[str]:
    """The modules a run of `with_imports` imported."""
    return {
        line.rsplit("|", 1)[-1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    }
