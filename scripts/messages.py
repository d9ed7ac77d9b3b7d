"""Keep the message catalogues in step with the code (needs Babel: the test extra).

    python scripts/messages.py extract   # the code's messages -> locale/cxhabits.pot
    python scripts/messages.py update    # the .pot -> every <lang>/LC_MESSAGES/cxhabits.po
    python scripts/messages.py compile   # every .po -> its .mo, which cxhabits reads

Messages are the strings in `_()`, `N_()` and `ngettext()`, and the docstrings of
the commands (their help). A new language: create `locale/<lang>/LC_MESSAGES/`,
run `update`, translate the `.po`, run `compile`.
"""

from __future__ import annotations

import ast
import inspect
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "cxhabits"
LOCALE = PACKAGE / "locale"
TEMPLATE = LOCALE / "cxhabits.pot"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def command_docstrings(path: Path) -> list[tuple[int, str]]:
    """The docstrings of the functions registered with @command: their help text."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef):
            continue
        decorated = any(
            isinstance(d, ast.Call) and getattr(d.func, "id", "") == "command"
            for d in node.decorator_list
        )
        docstring = ast.get_docstring(node, clean=False)
        if decorated and docstring:
            found.append((node.lineno, inspect.cleandoc(docstring)))
    return found


def template() -> Catalog:
    catalog = Catalog(project="cxhabits", charset="utf-8")
    for filename, lineno, message, comments, _context in extract_from_dir(
        str(PACKAGE), keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        catalog.add(message, locations=[(f"cxhabits/{filename}", lineno)], auto_comments=comments)
    for path in sorted(PACKAGE.rglob("*.py")):
        for lineno, docstring in command_docstrings(path):
            catalog.add(
                docstring, locations=[(f"cxhabits/{path.relative_to(PACKAGE).as_posix()}", lineno)]
            )
    return catalog


def po_files() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/cxhabits.po"))


def read(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def write(path: Path, catalog: Catalog) -> None:
    # Sorted by message, without source locations: moving code does not rewrite the
    # catalogues, and two branches that add messages merge without conflicts.
    with path.open("wb") as file:
        write_po(file, catalog, width=88, sort_output=True, no_location=True, ignore_obsolete=True)


def compiled(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def main() -> None:
    action = sys.argv[1] if len(sys.argv) > 1 else ""
    if action == "extract":
        write(TEMPLATE, template())
        print(f"wrote {TEMPLATE}")
    elif action == "update":
        source = template()
        write(TEMPLATE, source)
        for path in po_files():
            catalog = read(path)
            catalog.update(source, no_fuzzy_matching=True)
            write(path, catalog)
            missing = [m.id for m in catalog if m.id and not m.string]
            print(f"updated {path}: {len(missing)} untranslated")
    elif action == "compile":
        for path in po_files():
            path.with_suffix(".mo").write_bytes(compiled(read(path)))
            print(f"compiled {path.with_suffix('.mo')}")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
