"""The two back-office roles, with their permissions.

Permissions are normally created after migrate (post_migrate); they are created here first so the
groups can be given them on a fresh database. Re-running is safe: the groups' permissions are set,
not added to.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CENTER_ADMIN = "Center administrator"
AGENCY_EDITOR = "Agency editor"
CONTENT_APPS = ["haidian", "agencies", "listings", "financing"]

CENTER_EXTRA = {
    "auth": ["view_user", "add_user", "change_user", "view_group"],
    "axes": ["view_accessattempt", "delete_accessattempt", "view_accesslog", "view_accessfailurelog"],
}

# What an agency editor may do; the admin narrows every one of these to their own agency.
AGENCY_EDITOR_PERMISSIONS = {
    "agencies": ["view_agency", "change_agency", "view_agencymember", "change_agencymember"],
    "listings": [
        "view_technology",
        "add_technology",
        "change_technology",
        "view_attachment",
        "add_attachment",
        "change_attachment",
        "delete_attachment",
        "view_inquiry",
        "change_inquiry",
        "view_contract",
        "add_contract",
        "change_contract",
    ],
    "haidian": [
        "view_organization",
        "add_organization",
        "change_organization",
        "view_sector",
        "view_country",
    ],
    "financing": ["view_financingproduct", "view_financingneed"],
}


def _permissions(Permission, by_app):
    found = Permission.objects.none()
    for app_label, codenames in by_app.items():
        found = found | Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    return found


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    center, _ = Group.objects.get_or_create(name=CENTER_ADMIN)
    center.permissions.set(
        Permission.objects.filter(content_type__app_label__in=CONTENT_APPS)
        | _permissions(Permission, CENTER_EXTRA)
    )
    editor, _ = Group.objects.get_or_create(name=AGENCY_EDITOR)
    editor.permissions.set(_permissions(Permission, AGENCY_EDITOR_PERMISSIONS))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[CENTER_ADMIN, AGENCY_EDITOR]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0002_services"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("haidian", "0002_countries"),
        ("listings", "0002_transaction_types"),
        ("financing", "0002_company_stages"),
        ("axes", "0009_add_session_hash"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
