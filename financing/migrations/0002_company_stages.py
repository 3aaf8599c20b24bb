from django.db import migrations

STAGES = ["seed", "startup", "growth", "expansion", "mature"]


def create_stages(apps, schema_editor):
    CompanyStage = apps.get_model("financing", "CompanyStage")
    for position, code in enumerate(STAGES):
        CompanyStage.objects.update_or_create(code=code, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("financing", "0001_initial")]

    operations = [migrations.RunPython(create_stages, migrations.RunPython.noop)]
