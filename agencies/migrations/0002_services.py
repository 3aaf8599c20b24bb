from django.db import migrations

SERVICES = ["brokerage", "ip_legal", "evaluation", "consulting", "financing", "incubation", "international"]


def create_services(apps, schema_editor):
    Service = apps.get_model("agencies", "Service")
    for code in SERVICES:
        Service.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("agencies", "0001_initial")]

    operations = [migrations.RunPython(create_services, migrations.RunPython.noop)]
