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
