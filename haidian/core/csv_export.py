"""CSV for people who open it in a spreadsheet: UTF-8 with a BOM (or Excel garbles Chinese) and
cells that would start a formula escaped, as django-import-export does on its exports."""

import csv

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe; numbers and
    other values are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return f"'{value}"
    return value


def write_csv(file, fieldnames, rows) -> int:
    """Write ``rows`` (dicts) to ``file`` (text, opened with ``newline=""``); the number written.
    The BOM is the caller's encoding (``utf-8-sig``)."""
    writer = csv.DictWriter(file, fieldnames=fieldnames, extrasaction="raise")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({name: escape_formula(row.get(name)) for name in fieldnames})
        count += 1
    return count
