import asyncio
import signal
import socket
from io import StringIO

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Recorder:
    """An aiosmtpd handler that keeps what it receives; ``delay`` slows every SMTP command."""

    def __init__(self, delay: float = 0):
        self.delay = delay
        self.messages = []

    async def _wait(self):
        if self.delay:
            await asyncio.sleep(self.delay)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        await self._wait()
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        await self._wait()
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        await self._wait()
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        await self._wait()
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 Message accepted"


class MailServer:
    """A real SMTP server on loopback, on a port chosen up front so it can be down, then up."""

    def __init__(self):
        self.port = free_port()
        self.handler = Recorder()
        self.controller = None

    def start(self, *, delay: float = 0):
        self.handler.delay = delay
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server(settings, database_queue):
    """The SMTP backend (the test settings swap in locmem) pointed at a loopback server that is
    not started yet: the test starts and stops it. E-mails wait in the database queue."""
    server = MailServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 1
    settings.EMAIL_RETRY_BACKOFF = 1
    yield server
    server.stop()


def run_worker() -> None:
    """The production worker, in this process, until the queue has nothing due."""
    # The worker installs its own SIGINT/SIGTERM handlers: give the test run its own back.
    handlers = {
        number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    }
    try:
        call_command(
            "db_worker",
            "--batch",
            "--no-reload",
            "--no-startup-delay",
            "--interval=0",
            verbosity=0,
            stdout=StringIO(),
        )
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
