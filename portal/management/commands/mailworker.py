import logging
import signal
import threading
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections, connections

from portal.lib import mailqueue

PURGE_EVERY = 600  # seconds

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Deliver the queued e-mails, retrying those the mail server did not take (portal/lib/mailqueue.py)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Deliver what is due now, then exit.")
        parser.add_argument("--interval", type=float, default=5, help="Seconds between rounds (default 5).")
        parser.add_argument("--batch", type=int, default=20, help="Mails per round at most (default 20).")

    def handle(self, *args, once, interval, batch, **options):
        if once:
            self._round(batch)
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())  # finish the mail in hand, then leave
        self.stdout.write(f"Mail worker: delivering every {interval:g} s; stop with Ctrl+C or SIGTERM.")
        purged_at = 0
        while not stop.is_set():
            close_old_connections()
            try:
                if time.monotonic() - purged_at > PURGE_EVERY:
                    mailqueue.purge()
                    purged_at = time.monotonic()
                sent, failed = mailqueue.deliver_due(batch, stop=stop)
            except DatabaseError:  # the database restarting: the mails wait in it, so does the worker
                log.exception("Mail worker: database unavailable")
                sent = failed = 0
            connections.close_all()  # nothing held between rounds: a restarted database finds no stale connection
            if sent + failed < batch:  # a full batch means more may be waiting
                stop.wait(interval)

    def _round(self, batch):
        purged = mailqueue.purge()
        sent = failed = 0
        while True:
            done = mailqueue.deliver_due(batch)
            sent, failed = sent + done[0], failed + done[1]
            if sum(done) < batch:
                break
        self.stdout.write(f"{sent} sent, {failed} failed, {purged} old ones deleted.")
