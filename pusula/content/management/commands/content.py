from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pusula.content.pack import read_pack
from pusula.content.services import load_pack, pack_stats


class Command(BaseCommand):
    help = "Check, load or count a content pack: pusula content {check,load,stats} [DIR]"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{check,load,stats}")
        for name, text in (
            ("check", "print every problem as path:line: message; exit 1 if any (warnings alone: 0)"),
            ("load", "load the pack as a new content version (no-op when unchanged)"),
            ("stats", "count areas, questions, prescriptions, words and resources"),
        ):
            action = sub.add_parser(name, help=text)
            action.add_argument(
                "folder",
                nargs="?",
                default=str(settings.PUSULA_CONTENT_DIR),
                help="the Turkish folder (content/tr) or the folder of all languages (content)",
            )

    def handle(self, *args, action, folder, **options):
        pack, problems = read_pack(Path(folder))
        for problem in problems:
            self.stderr.write(str(problem))
        if pack is None:
            errors = sum(not p.warning for p in problems)
            raise CommandError(f"{errors} problem(s) in {folder}", returncode=1)
        getattr(self, f"handle_{action}")(pack)

    def handle_check(self, pack):
        for warning in pack.warnings:
            self.stderr.write(str(warning))
        questions = pack.questions()
        self.stdout.write(
            f"{pack.folder}: OK: {len(pack.areas)} areas, {len(questions)} questions, "
            f"{len(pack.prescriptions())} prescriptions, {len(pack.resources)} resources"
        )
        self.write_coverage(pack)

    def write_coverage(self, pack):
        for report in pack.languages.values():
            self.stdout.write(
                f"{report.folder}: {report.language}: {report.translated}/{report.total} files translated "
                f"({report.coverage:.1f} %), {len(report.stale)} stale, {len(report.missing)} missing, "
                f"{len(report.orphans)} orphan"
            )

    def handle_load(self, pack):
        version, created = load_pack(pack)
        state = "loaded as" if created else "unchanged, already loaded as"
        self.stdout.write(f"{pack.folder}: {state} content version {version.label}")

    def handle_stats(self, pack):
        stats = pack_stats(pack)
        self.stdout.write(f"{'area':34} {'questions':>9} {'prescr.':>8} {'words min/median/max':>22}")
        for row in stats["areas"]:
            words = f"{row['words_min']}/{row['words_median']}/{row['words_max']}"
            self.stdout.write(f"{row['area']:34} {row['questions']:>9} {row['prescriptions']:>8} {words:>22}")
        words = f"{stats['words_min']}/{stats['words_median']}/{stats['words_max']}"
        self.stdout.write(f"{'total':34} {stats['questions']:>9} {stats['prescriptions']:>8} {words:>22}")
        self.stdout.write(
            f"areas: {len(stats['areas'])}; resources used: {len(stats['resources_used'])} "
            f"of {stats['resources_in_catalogue']} in the catalogue"
        )
        for resource_id, count in stats["resources_used"].items():
            self.stdout.write(f"  {count:4}  {resource_id}")
        self.write_coverage(pack)
        for language, areas in stats["coverage"].items():
            for area_id, (fresh, total) in areas.items():
                self.stdout.write(f"  {language}  {area_id:34} {fresh:>3}/{total} files translated")
