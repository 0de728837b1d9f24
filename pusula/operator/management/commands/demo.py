from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from pusula.content.models import ContentVersion
from pusula.operator.demo import Generator


class Command(BaseCommand):
    help = (
        "Synthetic organizations with rounds, respondents, consensus and summaries, for a demo instance, "
        "trainings or the benchmark. The same seed makes the same organizations; a second run adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organizations", type=int, default=200, help="how many organizations (default 200)")
        parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same organizations")
        parser.add_argument(
            "--sample",
            type=int,
            default=200,
            help="how many of them get real respondents and answers; the rest get summaries only (default 200)",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, organizations, seed, sample, no_progress, **options):
        if organizations < 0 or sample < 0:
            raise CommandError("--organizations and --sample must be 0 or more")
        version = ContentVersion.objects.current()
        if version is None:
            raise CommandError("no content loaded: run `pusula content load` first")
        with tqdm(total=organizations, unit="örgüt", disable=no_progress, file=self.stderr._out) as progress:
            existing = Generator(version, seed, sample, progress=progress)
            added = existing.run(organizations)
            progress.update(organizations - progress.n)
        self.stdout.write(f"{added} organizations added ({organizations - added} already there) for seed {seed}")
