"""``manage.py spoc_send_reminders [--queue]``: the reminders' periodic scan, for cron users (the same as the celery
task ``spoc_plugin.reminders.tasks.scan_reminders``). Run it more often than ``SPOC_REMINDER_WINDOW`` minutes."""
from django.core.management.base import BaseCommand

from spoc_plugin.reminders.claims import Reminder
from spoc_plugin.reminders.sending import send_batch
from spoc_plugin.reminders.tasks import queue_due_reminders, send_reminder_batch


class Command(BaseCommand):
    help = ("Send the session and due-date reminders that are due (each once per learner and occurrence): in this "
            "process, or with --queue as celery tasks, one per batch of learners.")

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="Hand each batch to a celery worker.")

    def handle(self, *args, **options):
        totals = {"sent": 0, "skipped": 0, "failed": 0}

        def send_here(reminder, user_ids):
            outcome = send_batch(Reminder(**reminder), user_ids)
            for name in totals:
                totals[name] += len(getattr(outcome, name))

        batches = queue_due_reminders(send_reminder_batch.delay if options["queue"] else send_here)
        if options["queue"]:
            self.stdout.write(f"{batches} batch(es) queued")
        else:
            self.stdout.write("{sent} sent, {skipped} skipped, {failed} failed".format(**totals))
