from django.db import migrations

TRANSACTION_TYPES = ["licence", "assignment", "joint_development", "equity", "technical_service"]


def create_transaction_types(apps, schema_editor):
    TransactionType = apps.get_model("listings", "TransactionType")
    for code in TRANSACTION_TYPES:
        TransactionType.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("listings", "0001_initial")]

    operations = [migrations.RunPython(create_transaction_types, migrations.RunPython.noop)]
