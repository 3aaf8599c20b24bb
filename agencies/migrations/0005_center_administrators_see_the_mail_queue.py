"""Center administrators see the e-mail queue and send failed messages again (haidian.OutboundMessage
is newer than their group, whose permissions were set in 0003). Agency editors do not: messages
hold every visitor's inquiry."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CENTER_ADMIN = "Center administrator"
CODENAMES = ["view_outboundmessage", "change_outboundmessage"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    center = Group.objects.filter(name=CENTER_ADMIN).first()
    if center is not None:
        center.permissions.add(
            *Permission.objects.filter(content_type__app_label="haidian", codename__in=CODENAMES)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    center = Group.objects.filter(name=CENTER_ADMIN).first()
    if center is not None:
        center.permissions.remove(
            *Permission.objects.filter(content_type__app_label="haidian", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0004_translation_provenance"),
        ("haidian", "0004_outbound_messages"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
