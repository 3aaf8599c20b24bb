"""The CSV writer behind the open-data files and the admin's CSV downloads."""

import datetime
from decimal import Decimal

import pytest

from haidian.core.csv_export import csv_bytes


def test_bom_chinese_and_formulae_escaped_in_text_only():
    rows = [{"name": "=SUM(A1)", "city": "北京", "value": Decimal("-12.50"), "on": datetime.date(2025, 3, 1)}]
    raw = csv_bytes(["name", "city", "value", "on"], rows)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines() == ["name,city,value,on", "'=SUM(A1),北京,-12.50,2025-03-01"]


def test_missing_keys_are_empty_cells_and_extra_keys_refused():
    assert csv_bytes(["a", "b"], [{"a": 1}]).decode("utf-8-sig").splitlines()[1] == "1,"
    with pytest.raises(ValueError, match="secret"):
        csv_bytes(["a"], [{"a": 1, "secret": 2}])
