"""CSV for people who open it in a spreadsheet, written by tablib: UTF-8 with a BOM (or Excel
garbles Chinese) and text cells that would start a formula escaped, as django-import-export does on
its exports. Only text is escaped: numbers stay numbers, a negative one included."""

import tablib

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe; numbers and
    other values are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return f"'{value}"
    return value


def csv_bytes(fieldnames, rows) -> bytes:
    """``rows`` (dicts with no keys beyond ``fieldnames``; a missing one is an empty cell) as CSV,
    encoded UTF-8 with a BOM."""
    dataset = tablib.Dataset(headers=list(fieldnames))
    for row in rows:
        if extra := row.keys() - set(fieldnames):
            raise ValueError(f"fields not in the header: {sorted(extra)}")
        dataset.append([escape_formula(row.get(name)) for name in fieldnames])
    return dataset.export("csv").encode("utf-8-sig")
