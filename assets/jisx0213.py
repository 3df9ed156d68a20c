#!/usr/bin/env python3
"""Write assets/jisx0213.bin: JIS X 0213:2004 plane-row-cell to Unicode.

The Aozora Bunko reader (src/engine/formats/aozora/gaiji.rs) turns missing
glyph notes such as ※［＃「にんべん＋爾」、第3水準1-14-45］ into characters
with this table. The data is CPython's own `euc_jis_2004` codec: plane 1 is
the EUC bytes 0xA0+row 0xA0+cell, plane 2 is 0x8F 0xA0+row 0xA0+cell.

Layout (all numbers big-endian):
  120 rows of 94 cells, 3 bytes a cell: plane 1 rows 1-94, then the plane 2
  rows of JIS X 0213 (1, 3, 4, 5, 8, 12-15, 78-94; the codec also decodes
  JIS X 0212 in the other plane 2 rows, which are not JIS X 0213 and are left
  out). A cell is 0 when unassigned, its code point when it is one character,
  or 0xFF0000 + i for pair i when it is two (a kana with a semi-voiced mark,
  an IPA letter with a tone mark).
  Then the pairs: 6 bytes each, two code points.

Run from the repository root: python3 assets/jisx0213.py
"""

import os

PLANE2_ROWS = [1, 3, 4, 5, 8, 12, 13, 14, 15] + list(range(78, 95))
PAIR = 0xFF0000


def cell_bytes(plane, row, cell):
    if plane == 1:
        return bytes([0xA0 + row, 0xA0 + cell])
    return bytes([0x8F, 0xA0 + row, 0xA0 + cell])


def main():
    rows = [(1, r) for r in range(1, 95)] + [(2, r) for r in PLANE2_ROWS]
    cells = bytearray()
    pairs = []
    for plane, row in rows:
        for cell in range(1, 95):
            try:
                text = cell_bytes(plane, row, cell).decode("euc_jis_2004")
            except UnicodeDecodeError:
                value = 0
            else:
                if len(text) == 1:
                    value = ord(text)
                elif len(text) == 2:
                    value = PAIR + len(pairs)
                    pairs.append(text)
                else:
                    raise SystemExit(f"{plane}-{row}-{cell}: {len(text)} code points")
            cells += value.to_bytes(3, "big")
    for text in pairs:
        cells += ord(text[0]).to_bytes(3, "big") + ord(text[1]).to_bytes(3, "big")
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "jisx0213.bin")
    with open(path, "wb") as f:
        f.write(cells)
    print(f"{path}: {len(rows)} rows, {len(pairs)} pairs, {len(cells)} bytes")


if __name__ == "__main__":
    main()
