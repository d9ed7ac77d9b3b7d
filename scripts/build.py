"""Build what a lead can hand round: the wheel, the sdist and a single-file zipapp.

    .venv/bin/python scripts/build.py            # into dist/
    .venv/bin/python scripts/build.py --outdir DIR [--no-zipapp]

- `dist/cxhabits-<version>-py3-none-any.whl` and `dist/cxhabits-<version>.tar.gz`:
  `python -m build`, with the hatchling of this environment (pinned in constraints.txt),
  so it builds offline.
- `dist/cxhabits.pyz`: the wheel and its dependencies (at the versions of
  constraints.txt) in one file made by shiv; `python cxhabits.pyz status` on any
  Python 3.11 or newer. It holds pure Python only: the one compiled extension among the
  dependencies (MarkupSafe's optional speed-ups, built for the Python that builds this)
  is left out, and MarkupSafe uses its pure-Python code instead. On its first run shiv
  unpacks it to ~/.shiv (SHIV_ROOT overrides that), the one place outside the data folder
  cxhabits writes to.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENTRY_POINT = "cxhabits.cli.main:entry"
ZIPAPP = "cxhabits.pyz"
COMPILED = ("*.so", "*.pyd", "*.dylib")


def run(*command: str | Path) -> None:
    print("+", " ".join(str(part) for part in command), flush=True)
    subprocess.run([str(part) for part in command], check=True)


def build_dists(outdir: Path) -> Path:
    """The sdist and the wheel in `outdir`; the wheel's path."""
    for old in outdir.glob("cxhabits-*"):
        old.unlink()
    run(sys.executable, "-m", "build", "--no-isolation", "--outdir", outdir, ROOT)
    (wheel,) = outdir.glob("cxhabits-*-py3-none-any.whl")
    return wheel


def build_zipapp(wheel: Path, outdir: Path) -> Path:
    """`outdir/cxhabits.pyz`: the wheel and its dependencies, pure Python, by shiv."""
    target = outdir / ZIPAPP
    with tempfile.TemporaryDirectory(prefix="cxhabits-zipapp-") as scratch:
        site = Path(scratch) / "site-packages"
        run(
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-compile",
            "--target",
            site,
            "--constraint",
            ROOT / "constraints.txt",
            wheel,
        )
        shutil.rmtree(site / "bin", ignore_errors=True)  # the dependencies' own commands
        for pattern in COMPILED:
            for extension in site.rglob(pattern):
                extension.unlink()
        run(
            Path(sys.executable).with_name("shiv"),
            "--site-packages",
            site,
            "--entry-point",
            ENTRY_POINT,
            "--python",
            "/usr/bin/env python3",
            "--compressed",
            "--reproducible",
            "--output-file",
            target,
        )
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outdir", type=Path, default=ROOT / "dist")
    parser.add_argument("--no-zipapp", action="store_true", help="the wheel and sdist only")
    args = parser.parse_args(argv)
    outdir: Path = args.outdir.resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    wheel = build_dists(outdir)
    built = [wheel, *outdir.glob("cxhabits-*.tar.gz")]
    if not args.no_zipapp:
        built.append(build_zipapp(wheel, outdir))
    for path in built:
        print(f"{path}  {path.stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
