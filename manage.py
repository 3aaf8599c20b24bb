#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haidian.settings.dev")
    from django.core.management import execute_from_command_line

    from haidian.core.database import use_command_limits

    # Commands and the task worker get the long statement_timeout, web requests (runserver too)
    # the short one.
    if sys.argv[1:2] != ["runserver"]:
        use_command_limits()
    execute_from_command_line(sys.argv)
