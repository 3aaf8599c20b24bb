"""The growth table of ``python -m bench.scale``: the exponent k of t ∝ n^k between scales."""

import pytest

from bench.scale import ROWS, growth, render


def result(technologies: int, median: float, floor: float) -> dict:
    figures = {"median_ms": median, "queries": 4, "floor_median_ms": floor}
    return {
        "counts": {"technologies": technologies, "published": technologies * 3 // 4},
        "results": {key: dict(figures) for _label, key, _floor in ROWS},
    }


@pytest.mark.parametrize(("k", "expected"), [(0.0, "flat"), (0.1, "flat"), (0.5, "sublinear"), (1.0, "~n")])
def test_growth_names_the_exponent(k, expected):
    assert growth(k) == expected


def test_a_cost_ten_times_higher_at_ten_times_the_rows_grows_like_n():
    table = render(
        {0.1: result(10_000, 5.0, 2.0), 1.0: result(100_000, 5.0, 2.0), 10.0: result(1_000_000, 50.0, 2.0)}
    )
    row = next(line for line in table.splitlines() if line.startswith("| API technologies, page 1 |"))
    assert (
        row
        == "| API technologies, page 1 | 5.0 (4q) [2.0] | 5.0 (4q) [2.0] | 50.0 (4q) [2.0] | 0.00 | 1.00 | ~n |"
    )
    assert "1,000,000" in table.splitlines()[4]


def test_a_measurement_missing_at_one_scale_is_shown_as_not_available():
    small = result(10_000, 5.0, 2.0)
    del small["results"]["page.technology"]
    table = render({0.1: small, 1.0: result(100_000, 5.0, 2.0), 10.0: result(1_000_000, 5.0, 2.0)})
    assert "| Technology detail page | n/a | 5.0 (4q) | 5.0 (4q) | | | |" in table
