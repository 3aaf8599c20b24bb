"""The table ``python -m bench`` prints is a Markdown table: docs/performance.md takes it as it is."""

from types import SimpleNamespace

from bench.run import render


def test_the_table_has_a_separator_cell_under_every_header_cell():
    results = {label: {"counts": {"technologies": 10}, "results": {}} for label in ("SQLite", "PostgreSQL")}
    info = {"date": "2026-12-07 10:10", "cpus": 2, "cpu": "test", "memory": "1 GiB", "python": "3.11"}
    table = render(results, info, SimpleNamespace(argv=["--quick"], no_http=True))
    lines = table.splitlines()
    header = next(index for index, line in enumerate(lines) if line.startswith("| measurement"))
    cells = [len(cell) for cell in lines[header].strip("|").split("|")]
    assert [len(cell) for cell in lines[header + 1].strip("|").split("|")] == cells
    assert set(lines[header + 1].replace("|", "")) == {"-"}
    assert all(line.count("|") == len(cells) + 1 for line in lines[header:] if line.startswith("| "))
