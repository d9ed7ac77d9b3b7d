"""Which characters act on a terminal or hide what text says: a pure rule, no imports.

The core refuses them in what a user records (notes, reasons, anchors); terminal.py
shows them visibly wherever outside text is printed.
"""

# Characters that act on a terminal or hide what text says: the C0 and C1 controls and
# DEL, the bidirectional embeddings, overrides and isolates, the zero-width characters,
# the line and paragraph separators, and the byte-order mark.
INVISIBLE = frozenset(
    (
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        *range(0x200B, 0x2010),
        0x2060,
        0xFEFF,
        0x2028,
        0x2029,
    )
)


def surrogate_shown(ch: str) -> str:
    code = ord(ch)
    # surrogateescape keeps an undecodable byte b as U+DC00+b: show the byte.
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"<U+{code:04X}>"


_literal_table: dict[int, str] = {}  # made on first use: most runs never need it


def literal(text: str) -> str:
    """`text` as it is, with every character that could act on the terminal made visible.

    Controls become `\\x1b`, `\\n`-like escapes (`\\x0a`); bidi and zero-width characters
    become `<U+202E>`; a byte that was not UTF-8 (a lone surrogate) shows as `\\xff`.
    """
    if text.isprintable():  # every character above is non-printable: the common case is free
        return text
    if not _literal_table:
        _literal_table.update({c: f"\\x{c:02x}" for c in (*range(32), *range(127, 160))})
        _literal_table.update({c: f"<U+{c:04X}>" for c in INVISIBLE})
    shown = text.translate(_literal_table)
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in shown):
        shown = "".join(surrogate_shown(ch) if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in shown)
    return shown


def literal_lines(text: str) -> str:
    """`literal()` line by line: the line breaks of a message of ours stay line breaks."""
    if text.isprintable():
        return text
    return "\n".join(literal(line) for line in text.split("\n"))
