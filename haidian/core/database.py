"""Per-connection database settings that depend on who connects.

PostgreSQL's ``statement_timeout`` bounds every statement of a connection: web requests get
``DATABASE_STATEMENT_TIMEOUT`` (5 s by default), so a runaway query or a lock held too long ends in
a 503 (``haidian.core.unavailable``) instead of holding a gunicorn worker; processes started by
``manage.py`` (cron commands, migrations, the task worker) call ``use_command_limits()`` first and
get ``DATABASE_COMMAND_STATEMENT_TIMEOUT``. A process that declares nothing gets the web limit:
the short one is the safe default. SQLite has no such setting.
"""

from django.conf import settings

_limits = {"command": False}


def use_command_limits() -> None:
    """This process runs commands, not web requests: connections opened from now on get the long limit."""
    _limits["command"] = True


def statement_timeout_seconds() -> int:
    if _limits["command"]:
        return settings.DATABASE_COMMAND_STATEMENT_TIMEOUT
    return settings.DATABASE_STATEMENT_TIMEOUT


def set_statement_timeout(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver (connected in ``CoreConfig.ready``)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('statement_timeout', %s, false)", [f"{statement_timeout_seconds() * 1000}"]
        )
