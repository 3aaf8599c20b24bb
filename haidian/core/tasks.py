"""Django's tasks API, imported here and nowhere else.

Until Django 6 the API comes from the ``django-tasks`` backport; with Django 6 this import becomes
``from django.tasks import ...`` and nothing else changes. Which backend runs the tasks is the
``TASKS`` setting (the database queue of ``django-tasks-db`` by default).
"""

from django_tasks import default_task_backend, task

__all__ = ["default_task_backend", "task"]
