"""Run one cxhabits command the moment a start file appears.

Usage: python at_once.py READY_DIR GO_FILE ARGS...

Imports the CLI first, then drops a file in READY_DIR and waits for GO_FILE, so that
many of these start their command within a millisecond of each other.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from cxhabits.cli.main import main


def run() -> None:
    ready, go, args = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:]
    (ready / str(os.getpid())).touch()
    deadline = time.monotonic() + 30
    while not go.exists():
        if time.monotonic() > deadline:
            sys.exit("at_once: no start signal")
        time.sleep(0.0005)
    sys.argv = ["cxhabits", *args]
    main()


if __name__ == "__main__":
    run()
