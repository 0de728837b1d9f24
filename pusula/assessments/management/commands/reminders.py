"""Closing-date reminders: run daily (cron, a systemd timer, or a periodic task)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from pusula.assessments import services


def site_link(token):
    return settings.PUSULA_SITE_URL + reverse("respond:start", kwargs={"token": token})


class Command(BaseCommand):
    help = (
        "Reminds unfinished respondents of rounds that close within PUSULA_CLOSING_REMINDER_DAYS days (once a round)."
    )

    def handle(self, *args, **options):
        rounds, mails = services.send_closing_reminders(site_link)
        self.stdout.write(f"{rounds} rounds closing soon, {mails} reminders sent")
