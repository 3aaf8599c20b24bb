"""How cost grows with the catalogue: ``python -m bench.scale`` (issue 20, docs/performance.md).

Runs the in-process bench (``python -m bench --no-http --no-sqlite``) on PostgreSQL at three
generator scales (0.1, 1 and 10: 10,000, 100,000 and 1,000,000 technologies, each in its own
database, generated on first use) and prints one table: for each measurement its median at each
scale, its query count, and the growth exponent ``k`` between neighbouring scales, ``t ∝ n^k``
(``k = log10(t(10n) / t(n))``): about 0 when the cost stays flat (an index lookup, a bounded page,
which grow like log n at most: log n gains 20 % from 100,000 to 1,000,000), about 1 when it grows
like n (the database reads a share of the table).

``DATABASE_URL`` names the PostgreSQL server, as for ``python -m bench``.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCALES = (0.1, 1.0, 10.0)
ROWS = [
    # (label, result key, floor shown too)
    ("API technologies, page 1", "api.technologies.page1", True),
    ("API technologies, page 400 (deep)", "api.technologies.deep", True),
    ("API technologies, kind=need", "api.technologies.filtered", True),
    ("API search=battery", "api.technologies.search", True),
    ("API search=芯片", "api.technologies.search_zh", True),
    ("Technology list page (facets + count)", "page.technologies", False),
    ("List page, kind=need&trl=6 (facets)", "page.technologies.filtered", False),
    ("List page, broadest sector (facets)", "page.technologies.sector", False),
    ("Technology detail page", "page.technology", False),
    ("API technology detail", "api.technology.detail", True),
    ("Admin technology search", "admin.technologies.search", False),
]


def exponent(before: float, after: float) -> float:
    return math.log10(after / before)


def growth(k: float) -> str:
    if k < 0.15:
        return "flat"
    if k < 0.7:
        return "sublinear"
    return "~n"


def run_scale(scale: float, runs: int, out: Path) -> dict:
    command = [sys.executable, "-m", "bench", "--no-http", "--no-sqlite", "--scale", str(scale)]
    command += ["--runs", str(runs), "--json", str(out)]
    # Exit status 1 with the figures written: a measurement failed (n/a in the table), the rest count.
    finished = subprocess.run(command, cwd=ROOT, env=os.environ)
    if not out.exists():
        raise subprocess.CalledProcessError(finished.returncode, command)
    return json.loads(out.read_text())["results"]["PostgreSQL"]


def render(by_scale: dict[float, dict]) -> str:
    counts = "; ".join(
        f"scale {scale:g}: {result['counts']['technologies']:,} technologies "
        f"({result['counts']['published']:,} published)"
        for scale, result in by_scale.items()
    )
    head = "| measurement | " + " | ".join(
        f"{result['counts']['technologies']:,}" for result in by_scale.values()
    )
    head += " | k 10k→100k | k 100k→1M | growth |"
    lines = [counts, "", "Median ms (queries); floor in brackets; k: t ∝ n^k.", "", head]
    lines.append("|---" * (len(by_scale) + 4) + "|")
    for label, key, floor in ROWS:
        found = [result["results"].get(key) for result in by_scale.values()]
        if not all(found) or any("median_ms" not in item for item in found):
            cells = [
                f"{item['median_ms']:.1f} ({item['queries']}q)" if item and "median_ms" in item else "n/a"
                for item in found
            ]
            lines.append(f"| {label} | " + " | ".join(cells) + " | | | |")
            continue
        cells = []
        for item in found:
            cell = f"{item['median_ms']:.1f} ({item['queries']}q)"
            if floor and "floor_median_ms" in item:
                cell += f" [{item['floor_median_ms']:.1f}]"
            cells.append(cell)
        medians = [item["median_ms"] for item in found]
        steps = [exponent(a, b) for a, b in zip(medians, medians[1:], strict=False)]
        lines.append(
            f"| {label} | "
            + " | ".join(cells)
            + " | "
            + " | ".join(f"{k:.2f}" for k in steps)
            + f" | {growth(steps[-1])} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="requests per measurement at each scale")
    parser.add_argument("--json", type=Path, help="also write every figure here")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        print("Set DATABASE_URL to a PostgreSQL server (postgres://...).", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        by_scale = {scale: run_scale(scale, args.runs, Path(folder) / f"{scale:g}.json") for scale in SCALES}
    print(render(by_scale))
    if args.json:
        args.json.write_text(json.dumps({str(k): v for k, v in by_scale.items()}, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
