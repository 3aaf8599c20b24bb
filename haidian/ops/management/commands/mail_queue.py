"""Watch the e-mail queue, and hand waiting messages to the worker again.

    python manage.py mail_queue              # counts by status, the oldest waiting, the failed
    python manage.py mail_queue --requeue    # after a worker crash or a change of TASKS backend

Failed messages are sent again from the back office (E-mail messages, "Send again").
"""

from django.core.management.base import BaseCommand
from django.db.models import Count, Min

from haidian.core.emails import requeue_waiting
from haidian.core.models import MessageStatus, OutboundMessage


class Command(BaseCommand):
    help = "Show the e-mail queue; --requeue hands every waiting message to the worker again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--requeue",
            action="store_true",
            help="Enqueue every queued message that is due, and messages stuck in 'sending' for an hour.",
        )

    def handle(self, *args, requeue, **options):
        if requeue:
            self.stdout.write(f"Handed to the worker: {requeue_waiting()}")
        counts = dict(OutboundMessage.objects.values_list("status").annotate(n=Count("pk")).order_by())
        for status in MessageStatus:
            self.stdout.write(f"{status.value:8} {counts.get(status.value, 0)}")
        oldest = OutboundMessage.objects.waiting().aggregate(oldest=Min("created_at"))["oldest"]
        if oldest:
            self.stdout.write(f"Oldest waiting since {oldest.isoformat()}")
        for message in OutboundMessage.objects.failed().order_by("-updated_at")[:20]:
            self.stdout.write(self.style.ERROR(f"failed #{message.pk} {message}: {message.last_error}"))
