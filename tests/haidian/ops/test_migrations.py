"""Migrations are reversible and pass django-migration-linter.

- Every operation of our migrations can run backwards (RunPython with a reverse, RunSQL with
  reverse_sql), and none of the operations that break the running release (dropping or renaming a
  column or a table) slips in unreviewed.
- Every app migrates to zero and back on the test database, ending with the schema it started with.
- On PostgreSQL (the production engine; CI's second run), django-migration-linter reads each
  migration's SQL and flags what the previous release's code could not run against: a NOT NULL
  column without a database default, a dropped or renamed column, a new unique constraint...
  A migration it flags must be changed (``db_default=`` for a new NOT NULL column, a two-release
  plan for a drop or rename) or listed in ACCEPTED with the reason and the deploy it needs.
"""

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations import operations
from django.db.migrations.loader import MigrationLoader

from haidian.ops.backup import table_checksums

pytestmark = pytest.mark.migrations

# Dependents first: migrating an app to zero unapplies the migrations that depend on it.
PROJECT_APPS = ("financing", "listings", "agencies", "haidian")

# (app, migration): why it may break the previous release's code, and what its deploy needs.
NOT_NULL_WITH_PYTHON_DEFAULT = (
    "adds NOT NULL columns with a Python default (Django drops the column default after the ADD): "
    "the previous release inserting rows between `migrate` and the restart would fail; "
    "deploy with the application stopped during `migrate` (docs/operations.md, Upgrades)"
)
ACCEPTED = {
    ("agencies", "0004_translation_provenance"): NOT_NULL_WITH_PYTHON_DEFAULT,
    ("financing", "0004_translation_provenance"): NOT_NULL_WITH_PYTHON_DEFAULT,
    ("haidian", "0003_translation_provenance_contact_email"): NOT_NULL_WITH_PYTHON_DEFAULT,
    ("listings", "0007_freshness_follow_through_benefits_alerts"): NOT_NULL_WITH_PYTHON_DEFAULT,
}
# Operations that break the code of the release before them (it still reads the old column/table).
RISKY = (
    operations.RemoveField,
    operations.DeleteModel,
    operations.RenameField,
    operations.RenameModel,
    operations.AlterModelTable,
)


def _our_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(
        (key, migration) for key, migration in loader.disk_migrations.items() if key[0] in PROJECT_APPS
    )


def _flatten(ops):
    for op in ops:
        if isinstance(op, operations.SeparateDatabaseAndState):
            yield from _flatten(op.database_operations)
        else:
            yield op


def test_every_operation_of_our_migrations_can_run_backwards():
    irreversible = [
        f"{app}.{name}: {op.describe()}"
        for (app, name), migration in _our_migrations()
        for op in _flatten(migration.operations)
        if not op.reversible
    ]
    assert not irreversible, "give RunPython a reverse_code and RunSQL a reverse_sql:\n" + "\n".join(
        irreversible
    )


def test_operations_that_break_the_running_release_are_reviewed():
    risky = [
        f"{app}.{name}: {op.describe()}"
        for (app, name), migration in _our_migrations()
        for op in _flatten(migration.operations)
        if isinstance(op, RISKY) and (app, name) not in ACCEPTED
    ]
    assert not risky, (
        "the previous release still uses what these drop or rename: split them over two releases, "
        "or list the migration in ACCEPTED with the deploy it needs:\n" + "\n".join(risky)
    )


def test_accepted_migrations_exist():
    assert set(ACCEPTED) <= {key for key, _ in _our_migrations()}


# Outside a test transaction (SQLite cannot change its schema inside one). Afterwards the test
# database is flushed and, as for the browser tests, every test with serialized_rollback reloads
# the rows the migrations wrote. Migrates forward again whatever happens, so later tests (and
# --reuse-db on PostgreSQL) find the schema complete.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_app_migrates_to_zero_and_back():
    before = table_checksums(connection)
    try:
        for app in PROJECT_APPS:
            call_command("migrate", app, "zero", interactive=False, verbosity=0)
            with connection.cursor() as cursor:
                left = set(connection.introspection.table_names(cursor))
            ours = {model._meta.db_table for model in apps.get_app_config(app).get_models()}
            assert not ours & left, f"{app} at zero still has tables {sorted(ours & left)}"
    finally:
        call_command("migrate", interactive=False, verbosity=0)
        ContentType.objects.clear_cache()
    after = table_checksums(connection)
    assert after["(schema)"] == before["(schema)"]
    # The data migrations ran again (row counts before the test are not compared: with --reuse-db
    # on PostgreSQL an earlier transactional test may have flushed them).
    assert after["haidian_country"][0] > 200 and after["listings_transactiontype"][0] > 0


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the linter reads PostgreSQL's SQL (production's engine): CI's PostgreSQL run lints",
)
def test_migrations_pass_the_linter(capsys):
    from django_migration_linter import MigrationLinter

    linter = MigrationLinter(no_cache=True, include_apps=list(PROJECT_APPS))
    flagged = []
    for (app, name), migration in _our_migrations():
        if (app, name) in ACCEPTED:
            continue
        errors = linter.nb_erroneous
        linter.lint_migration(migration)
        if linter.nb_erroneous > errors:
            flagged.append(f"{app}.{name}")
    report = capsys.readouterr().out
    assert not flagged, f"django-migration-linter flags {flagged}:\n{report}\n{__doc__}"
