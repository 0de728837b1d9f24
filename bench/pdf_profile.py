"""Per-page cost of the round report PDF, split into its stages, with and without tagging.

    .venv/bin/python bench/pdf_profile.py [--respondents 50] [--repeat 3] [--profile] [--json OUT]

Builds a throwaway SQLite database (content/tr, one round, N respondents answering every question),
then times, for the round report: the HTML (Django template), WeasyPrint's layout (HTML().render())
and the PDF writing (write_pdf), untagged, tagged (pdf_tags) and PDF/UA-1. The best of --repeat runs
is kept. Times are CPU seconds of this process (time.process_time): on a shared machine, wall-clock
time measures the neighbours as much as WeasyPrint.
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(respondents):
    folder = tempfile.mkdtemp(prefix="pusula-pdf-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/pdf.sqlite3"
    os.environ.setdefault("SECRET_KEY", "pdf-profile-only")
    os.environ["DJANGO_SETTINGS_MODULE"] = "pusula.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from pusula.accounts.models import User
    from pusula.assessments import services
    from pusula.assessments.models import Answer
    from pusula.content.questionnaire import questionnaire_for
    from pusula.organizations.models import Membership, Organization

    call_command("migrate", verbosity=0)
    call_command("content", "load", str(ROOT / "content" / "tr"), verbosity=0)
    user = User.objects.create_user(email="bench@example.org", password="x" * 20)
    organization = Organization.objects.create(
        name="Kadın Dayanışma Derneği", city="İzmir", field_of_work="Kadın hakları"
    )
    Membership.objects.create(user=user, organization=organization)
    assessment_round = services.start_round(organization, user, "2026 öz değerlendirmesi")
    questionnaire = questionnaire_for(assessment_round.version)
    invited = services.invite(assessment_round, [(f"Kişi {i}", "") for i in range(respondents)])
    rng = random.Random(7)
    roles = ["staff", "manager", "board_member", "volunteer", "member"]
    answers = []
    for respondent, _token in invited:
        respondent.role = rng.choice(roles)
        respondent.save(update_fields=["role"])
        for question in questionnaire.questions.values():
            choice = rng.choice(question.scored_choices)
            answers.append(Answer(respondent=respondent, question_id=question.pk, choice_id=choice.pk))
    Answer.objects.bulk_create(answers)
    return assessment_round


def measure(assessment_round, repeat):
    from django.template.loader import render_to_string
    from django.utils import translation
    from weasyprint import HTML

    from pusula.reports import services
    from pusula.reports.pdf import StaticOnlyFetcher

    translation.activate("tr")
    best = {}

    def keep(name, seconds):
        best[name] = min(best.get(name, seconds), seconds)

    for _ in range(repeat):
        started = time.process_time()
        context = services.round_report(assessment_round)
        html = render_to_string(
            "reports/round_report.html",
            {**context, "pdf": True, "base_template": "reports/print_base.html", "LANGUAGE_CODE": "tr"},
        )
        keep("html", time.process_time() - started)
        started = time.process_time()
        document = HTML(
            string=html, base_url="file:///", url_fetcher=StaticOnlyFetcher(allowed_protocols=("file", "data"))
        ).render()
        keep("layout", time.process_time() - started)
        for name, options in (
            ("untagged", {}),
            ("tagged", {"pdf_tags": True}),
            ("pdf_ua", {"pdf_variant": "pdf/ua-1"}),
        ):
            started = time.process_time()
            data = document.write_pdf(**options)
            keep(f"write_{name}", time.process_time() - started)
            best[f"bytes_{name}"] = len(data)
        best["pages"] = len(document.pages)
        best["html_bytes"] = len(html)
    return best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--respondents", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions of one render")
    parser.add_argument("--json")
    args = parser.parse_args()
    assessment_round = setup(args.respondents)
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        measure(assessment_round, 1)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        return
    result = measure(assessment_round, args.repeat)
    pages = result["pages"]
    total = {
        name: result["html"] + result["layout"] + result[f"write_{name}"] for name in ("untagged", "tagged", "pdf_ua")
    }
    result["ms_per_page"] = {name: round(seconds * 1000 / pages, 1) for name, seconds in total.items()}
    result["tagging_ms_per_page"] = round((result["write_tagged"] - result["write_untagged"]) * 1000 / pages, 1)
    print(json.dumps(result, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(result))


if __name__ == "__main__":
    main()
