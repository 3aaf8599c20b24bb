"""JSON for downloads (open data, statistics tables): rows of plain values, decimals written as
JSON numbers with every digit (``json.dumps`` would need a float, and round large amounts)."""

import json
from decimal import Decimal


def json_value(value) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    return json.dumps(value, ensure_ascii=False)


def json_row(row: dict) -> str:
    """One row (a flat dict) as a JSON object."""
    return "{" + ", ".join(f"{json.dumps(name)}: {json_value(value)}" for name, value in row.items()) + "}"


def json_rows_bytes(rows) -> bytes:
    """``rows`` as a JSON array, one object a line, UTF-8."""
    return ("[\n" + ",\n".join(json_row(row) for row in rows) + "\n]\n").encode("utf-8")
