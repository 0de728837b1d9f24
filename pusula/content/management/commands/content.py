from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pusula.content.models import ContentVersion
from pusula.content.pack import DONT_KNOW, ORGANIZATION_KINDS, read_pack
from pusula.content.services import content_diff, load_pack, pack_stats, snapshot_of_pack, snapshot_of_version


class Command(BaseCommand):
    help = "Check, load, count or compare content: pusula content {check,load,stats} [DIR] | diff OLD NEW"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{check,load,stats,diff}")
        for name, text in (
            ("check", "print every problem as path:line: message; exit 1 if any (warnings alone: 0)"),
            ("load", "load the pack as a new content version (no-op when unchanged)"),
            ("stats", "count areas, questions per area and per kind of organization, prescriptions, words, resources"),
        ):
            action = sub.add_parser(name, help=text)
            action.add_argument(
                "folder",
                nargs="?",
                default=str(settings.PUSULA_CONTENT_DIR),
                help="the Turkish folder (content/tr) or the folder of all languages (content)",
            )
        diff = sub.add_parser("diff", help="questions added, retired and changed between two versions")
        for name in ("old", "new"):
            diff.add_argument(
                name,
                help="a pack folder, or a loaded version: its label (1a2b3c4d, the hash prefix shown in reports) or a longer hash prefix",
            )

    def handle(self, *args, action, **options):
        if action == "diff":
            return self.handle_diff(options["old"], options["new"])
        getattr(self, f"handle_{action}")(self.read(options["folder"]))

    def read(self, folder):
        pack, problems = read_pack(Path(folder))
        for problem in problems:
            self.stderr.write(str(problem))
        if pack is None:
            errors = sum(not p.warning for p in problems)
            raise CommandError(f"{errors} problem(s) in {folder}", returncode=1)
        return pack

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
        kinds = "".join(f" {kind[:6]:>6}" for kind in ORGANIZATION_KINDS)
        self.stdout.write(f"{'area':34} {'questions':>9}{kinds} {'prescr.':>8} {'words min/median/max':>22}")
        for row in stats["areas"]:
            words = f"{row['words_min']}/{row['words_median']}/{row['words_max']}"
            per_kind = "".join(f" {row['kinds'][kind]:>6}" for kind in ORGANIZATION_KINDS)
            self.stdout.write(f"{row['area']:34} {row['questions']:>9}{per_kind} {row['prescriptions']:>8} {words:>22}")
        words = f"{stats['words_min']}/{stats['words_median']}/{stats['words_max']}"
        per_kind = "".join(f" {stats['kinds'][kind]:>6}" for kind in ORGANIZATION_KINDS)
        self.stdout.write(f"{'total':34} {stats['questions']:>9}{per_kind} {stats['prescriptions']:>8} {words:>22}")
        self.stdout.write(
            "questions asked per kind of organization: "
            + ", ".join(f"{kind} {stats['kinds'][kind]}" for kind in ORGANIZATION_KINDS)
        )
        self.stdout.write(
            f"questions offering 'Bizim için geçerli değil': {stats['not_applicable_offered']}; "
            f"retired question ids: {', '.join(map(str, stats['retired'])) or 'none'}"
        )
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

    def snapshot(self, where):
        """(snapshot, retired reasons) of a pack folder or a loaded content version."""
        if Path(where).is_dir():
            pack = self.read(where)
            return snapshot_of_pack(pack), pack.retired
        prefix = where.rsplit("-", 1)[-1]  # older labels carried a language prefix ("tr-1a2b3c4d")
        matches = list(ContentVersion.objects.filter(hash__startswith=prefix.lower())[:2]) if len(prefix) >= 6 else []
        if len(matches) != 1:
            reason = "matches several versions" if matches else "is neither a folder nor a loaded content version"
            raise CommandError(f"{where}: {reason} (give a folder, or a label or hash prefix of at least 6 characters)")
        return snapshot_of_version(matches[0]), {}

    def handle_diff(self, old, new):
        before, _reasons = self.snapshot(old)
        after, reasons = self.snapshot(new)
        diff = content_diff(before, after, reasons)
        out = self.stdout.write
        out(
            f"{old} → {new}: {len(diff.added)} added, {len(diff.retired)} retired, "
            f"{len(diff.changed)} changed, {diff.unchanged} unchanged"
        )
        if diff.added:
            out("\nAdded:")
            for number, area_id, text in diff.added:
                kinds = after[number].applies_to
                out(f"  + {number} [{area_id}] {text}" + (f" (only: {', '.join(kinds)})" if kinds else ""))
        if diff.retired:
            out("\nRetired:")
            for number, area_id, text, reason, replaced_by in diff.retired:
                out(f"  - {number} [{area_id}] {text}")
                if replaced_by:
                    out(f"      replaced by: {', '.join(map(str, replaced_by))}")
                if reason:
                    out(f"      why: {reason}")
        if diff.changed:
            out("\nChanged:")
        for change in diff.changed:
            out(f"  ~ {change.question_id} {change.text}")
            for name, was, now in change.fields:
                out(f"      {name}: {_show(was)}")
                out(f"      {' ' * len(name)}→ {_show(now)}")
            for choice, was, now in change.statements:
                label = "Bilmiyorum" if choice == DONT_KNOW else f"choice {choice}"
                out(f"      {label}: {_show(was)}")
                out(f"      {' ' * len(label)}→ {_show(now)}")
            for choice, was, now in change.levels:
                out(f"      choice {choice} level: {was} → {now}")
            for choice, removed, added in change.edits:
                label = "Bilmiyorum" if choice == DONT_KNOW else f"choice {choice}"
                out(f"      {label} prescription revised:")
                for sentence in removed:
                    out(f"        - {sentence}")
                for sentence in added:
                    out(f"        + {sentence}")


def _show(value):
    if value is None:
        return "(none)"
    if isinstance(value, tuple):
        return ", ".join(value) or "(every kind)"
    return value or "(empty)"
