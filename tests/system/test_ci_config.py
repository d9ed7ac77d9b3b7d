"""The GitHub workflow, .ci/run and the README name the same test command: they cannot drift."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README_COMMAND = (
    "python3 -m venv .venv && .venv/bin/pip install -c constraints.txt -e '.[test]'"
    " && .venv/bin/pytest -n auto"
)
ARTIFACTS = "CXHABITS_ARTIFACTS=1 {bin}/pytest -n auto -m artifacts tests/system/test_artifacts.py"


def commands(text: str) -> list[str]:
    """Each command line, with a YAML `run:` key and indentation taken off."""
    lines = (line.strip() for line in text.splitlines())
    return [line.removeprefix("run: ").removeprefix("- ") for line in lines if line]


def test_the_readme_names_the_test_command() -> None:
    assert README_COMMAND in commands((ROOT / "README.md").read_text(encoding="utf-8"))


def test_ci_run_runs_the_readme_command_and_the_artifacts() -> None:
    ci = commands((ROOT / ".ci" / "run").read_text(encoding="utf-8"))
    # .ci/run installs once, then runs the test command's last part after the linters.
    install, test = README_COMMAND.rsplit(" && ", 1)
    assert f"{install.replace('pip install -c', 'pip install -q -c')}" in ci
    assert test in ci
    assert ARTIFACTS.format(bin=".venv/bin") in ci


def test_the_workflow_runs_the_readme_command_and_the_artifacts() -> None:
    workflow = commands((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    assert README_COMMAND in workflow
    windows = README_COMMAND.replace("python3", "python").replace(".venv/bin", ".venv/Scripts")
    assert windows in workflow
    assert ARTIFACTS.format(bin="$bin") in workflow
    for python in ("3.11", "3.12", "3.13"):
        assert any(f'"{python}"' in line for line in workflow)
    assert any(
        "ubuntu-latest" in line and "macos-latest" in line and "windows-latest" in line
        for line in workflow
    )


def test_the_drift_check_can_fail(tmp_path: Path) -> None:
    changed = README_COMMAND.replace("-n auto", "-n 4")
    assert README_COMMAND not in commands(f"run: {changed}\n")


def test_pre_commit_runs_the_linters_ci_runs() -> None:
    hooks = [
        line.removeprefix("entry: ")
        for line in commands((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
        if line.startswith("entry: ")
    ]
    ci = commands((ROOT / ".ci" / "run").read_text(encoding="utf-8"))
    linters = [line for line in ci if line.startswith(".venv/bin/") and "pytest" not in line]
    assert sorted(hooks) == sorted(f"{line.split(' .')[0]}" for line in linters)


def test_ci_run_runs_the_suite_once_in_random_order_and_says_the_seed() -> None:
    ci = commands((ROOT / ".ci" / "run").read_text(encoding="utf-8"))
    test = README_COMMAND.rsplit(" && ", 1)[1]
    at = ci.index(test)
    before = ci[:at]
    assert before[-1] == 'export PYTEST_ADDOPTS="-p randomly --randomly-seed=$seed"'
    assert any(line.startswith("echo ") and "$seed" in line for line in before[-3:])
    assert 'export PYTEST_ADDOPTS="-p no:randomly"' in ci[at + 1 :]
    runs = [line for line in ci if "pytest " in line and not line.startswith(("#", "echo"))]
    assert [line for line in runs if "randomly" in line] == []  # all through PYTEST_ADDOPTS
