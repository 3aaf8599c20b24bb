"""docs/operations.md names every environment variable the settings read."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
READ = re.compile(r"""\benv(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]+)["']""")


def test_every_environment_variable_is_documented():
    guide = (ROOT / "docs" / "operations.md").read_text()
    read = {
        name
        for path in (ROOT / "haidian" / "settings").glob("*.py")
        for name in READ.findall(path.read_text())
    }
    assert len(read) > 20
    missing = sorted(name for name in read if f"`{name}`" not in guide)
    assert not missing, f"add these to the table in docs/operations.md: {missing}"
