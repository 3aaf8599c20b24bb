"""The zh_Hans catalogue: every entry translated, none fuzzy, compiled, and in use."""

import ast
import gettext
from pathlib import Path

from django.conf import settings
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "haidian" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def entries(path: Path):
    """(flags, msgid, msgid_plural, [msgstr...]) of each entry of a .po file."""
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    for block in blocks:
        flags, fields, current = set(), {}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#") or not line.strip():
                continue
            elif line.startswith('"'):
                fields[current] += ast.literal_eval(line)
            else:
                current, _space, value = line.partition(" ")
                fields[current] = ast.literal_eval(value)
        if "msgid" in fields:
            strings = [value for key, value in fields.items() if key.startswith("msgstr")]
            yield flags, fields["msgid"], fields.get("msgid_plural"), strings, fields.get("msgctxt")


def test_every_entry_is_translated_and_none_is_fuzzy():
    found = list(entries(CATALOGUE))
    assert len(found) > 500
    header = [entry for entry in found if entry[1] == ""]
    assert len(header) == 1 and "fuzzy" not in header[0][0]
    untranslated = [
        msgid for _flags, msgid, _plural, strings, _context in found if msgid and not all(strings)
    ]
    fuzzy = [msgid for flags, msgid, _plural, _strings, _context in found if msgid and "fuzzy" in flags]
    assert untranslated == []
    assert fuzzy == []


def test_the_compiled_catalogue_is_committed_and_current():
    """The .mo holds every translation of the .po (run msgfmt after editing the .po)."""
    with CATALOGUE.with_suffix(".mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    for _flags, msgid, plural, strings, context in entries(CATALOGUE):
        if not msgid:
            continue
        if context:
            assert catalogue.pgettext(context, msgid) == strings[0], (context, msgid)
        elif plural:
            assert catalogue.ngettext(msgid, plural, 1) == strings[0], msgid
        else:
            assert catalogue.gettext(msgid) == strings[0], msgid


def test_interface_strings_are_translated():
    with translation.override("zh-hans"):
        assert translation.gettext("Technologies offered and wanted") == "技术供给与需求"
        assert translation.gettext("service agency") == "服务机构"
        assert (
            translation.ngettext("%(counter)s technology", "%(counter)s technologies", 3) % {"counter": 3}
            == "3项技术"
        )
