import json
from pathlib import Path

from django.db import migrations

COUNTRIES = Path(__file__).resolve().parent.parent / "data" / "countries.json"


def load_countries(apps, schema_editor):
    Country = apps.get_model("haidian", "Country")
    for row in json.loads(COUNTRIES.read_text(encoding="utf-8")):
        Country.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name_en"], "name_en": row["name_en"], "name_zh_hans": row["name_zh_hans"]},
        )


class Migration(migrations.Migration):
    dependencies = [("haidian", "0001_initial")]

    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
