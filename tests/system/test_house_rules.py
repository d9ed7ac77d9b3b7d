"""Rules of the house that the source itself must keep (read from the files, not run)."""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "cxhabits"


def translated_on_the_spot(tree: ast.AST) -> list[int]:
    """Lines where an error's message is translated as it is raised (`Error(_(...))`)."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if not name.endswith("Error"):
            continue
        for part in ast.walk(node.args[0]):
            if isinstance(part, ast.Call) and getattr(part.func, "id", "") in ("_", "ngettext"):
                found.append(node.lineno)
    return found


def test_errors_are_raised_untranslated() -> None:
    # errors.py's rule: N_ and parameters, translated when shown (in the settings' language,
    # which may be read only after the error was raised).
    offenders = [
        f"{path.relative_to(SOURCE)}:{line}"
        for path in sorted(SOURCE.rglob("*.py"))
        for line in translated_on_the_spot(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert offenders == []


def test_the_rule_sees_a_translated_raise() -> None:
    shapes = [
        'raise UsageError(_("x {a}").format(a=1))',
        'raise CxHabitsError(\n    _("x")\n)',
        'return StateError(_("a") + "\\n" + hint)',
        'raise UsageError(ngettext("a", "b", n).format(n=n))',
    ]
    for shape in shapes:
        assert translated_on_the_spot(ast.parse(shape)) != [], shape
    assert translated_on_the_spot(ast.parse('raise UsageError(N_("x {a}"), a=_("y"))')) == []
