"""Prepares or verifies a benchmark database. Runs in its own process with the server's settings.

    python bench/setup_db.py prepare SPEC.json OUT.json
    python bench/setup_db.py verify SPEC.json SENT.json OUT.json

prepare: migrate, load the content pack, create an organization with its coordinator,
a "report" round with 50 invited respondents who answered every question, a round of 500 (a
federation's), and a "save" round with fresh respondents (role already chosen, nothing answered) whose
link tokens the load driver uses. A second organization has the same two answered rounds with 2 people
each, so that the report's queries per request are compared between 2 people and 50 or 500.
verify: checks that every answer the driver got a 302 for is in the database, last value winning.
"""

import io
import json
import random
import secrets
import sqlite3
import sys
import time

import django

REPORT_RESPONDENTS = 50
BIG_RESPONDENTS = 500  # a federation's round
ROLES = ["staff", "staff", "staff", "manager", "board_member", "volunteer", "volunteer", "member", "board_chair"]


def db_version():
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    return f"SQLite {sqlite3.sqlite_version}"


def questionnaire_spec(questionnaire):
    return [
        {
            "slug": area.slug,
            "questions": [
                {
                    "number": q.number,
                    "choices": [c.number for c in q.scored_choices] + [q.dont_know.number],
                }
                for q in area.question_list
            ],
        }
        for area in questionnaire.areas
    ]


def prepare(spec, out):
    from django.core.management import call_command
    from django.utils import timezone

    from pusula.accounts.models import User
    from pusula.assessments import services
    from pusula.assessments.models import Answer, Respondent
    from pusula.content.questionnaire import questionnaire_for
    from pusula.organizations.models import Membership, Organization

    steps = {}
    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("content", "load", spec["pack"], stdout=io.StringIO())
    steps["migrate and load content"] = time.monotonic() - started

    rng = random.Random(20260101)
    password = secrets.token_urlsafe(16)
    user = User.objects.create_user(email="koordinator@bench.example", password=password, name="Bench Koordinatör")
    organization = Organization.objects.create(
        name="Bench Dayanışma Derneği", city="Ankara", field_of_work="poverty", size_band="6-20"
    )
    Membership.objects.create(user=user, organization=organization)

    report_round = services.start_round(organization, user, "Rapor ölçümü")
    questionnaire = questionnaire_for(report_round.version)
    people = [(f"Katılımcı {i}", f"k{i}@bench.example") for i in range(1, REPORT_RESPONDENTS + 1)]
    report_tokens = []
    for index, (respondent, token) in enumerate(services.invite(report_round, people)):
        report_tokens.append(token)
        respondent.role = ROLES[index % len(ROLES)]
        respondent.anonymous = index % 5 == 0
        respondent.save(update_fields=["role", "anonymous"])
        chosen = {}
        for question in questionnaire.questions.values():
            options = question.scored_choices + [question.dont_know]
            chosen[question.pk] = rng.choice(options).pk
        services.save_answers(respondent, questionnaire, chosen)

    steps["report round"] = time.monotonic() - started - sum(steps.values())

    # The big round is written in bulk (its respondents' answers are the same kind of rows a save makes).
    big_round = services.start_round(organization, user, "Federasyon ölçümü")
    invited = services.invite(big_round, [(f"Üye {i}", "") for i in range(1, BIG_RESPONDENTS + 1)])
    answers = []
    for index, (respondent, _token) in enumerate(invited):
        respondent.role = ROLES[index % len(ROLES)]
        respondent.anonymous = index % 5 == 0
        for question in questionnaire.questions.values():
            choice = rng.choice(question.scored_choices + [question.dont_know])
            answers.append(Answer(respondent=respondent, question_id=question.pk, choice_id=choice.pk))
    Respondent.objects.bulk_update([r for r, _t in invited], ["role", "anonymous"])
    Answer.objects.bulk_create(answers, batch_size=2000)
    now = timezone.now()
    Respondent.objects.filter(round=big_round, user__isnull=True).update(started_at=now, finished_at=now)
    steps["big round"] = time.monotonic() - started - sum(steps.values())
    small_first, small_second = small_twin(user, questionnaire, rng)
    save_round = services.start_round(organization, user, "Kayıt ölçümü")
    tokens = {}
    for level in spec["levels"]:
        invited = services.invite(save_round, [(f"L{level}-{i}", "") for i in range(spec["tokens_per_level"])])
        tokens[str(level)] = [token for _respondent, token in invited]
    floor_tokens = {}
    for level in spec["levels"]:
        invited = services.invite(save_round, [(f"F{level}-{i}", "") for i in range(spec["tokens_per_level"])])
        floor_tokens[str(level)] = [token for _respondent, token in invited]
    Respondent.objects.filter(round=save_round, user__isnull=True).update(role="staff")
    steps["save-test respondents"] = time.monotonic() - started - sum(steps.values())

    result = {
        "db_version": db_version(),
        "org": organization.slug,
        "report_round": report_round.pk,
        "report_respondents": report_round.respondents.filter(finished_at__isnull=False).count(),
        "report_token": report_tokens[0],  # to change an answer between PDF requests (a fresh render)
        "save_round": save_round.pk,
        "email": user.email,
        "password": password,
        "areas": questionnaire_spec(questionnaire),
        "question_count": questionnaire.question_count,
        "tokens": tokens,
        "floor_tokens": floor_tokens,
        "big_round": big_round.pk,
        "big_respondents": BIG_RESPONDENTS,
        # Queries of one report request, each round beside its 2-person twin with the same history.
        "report_queries": {
            "report": [report_queries(user, small_first), report_queries(user, report_round)],
            "report_big": [report_queries(user, small_second), report_queries(user, big_round)],
        },
        "setup_steps": {name: round(seconds, 1) for name, seconds in steps.items()},
    }
    with open(out, "w") as file:
        json.dump(result, file)


def small_twin(user, questionnaire, rng):
    """Another organization with the same two answered rounds as the bench's (so its second round's report
    reads the same history), of 2 people each; returns both."""
    from pusula.assessments import services
    from pusula.assessments.models import Respondent
    from pusula.organizations.models import Membership, Organization

    organization = Organization.objects.create(
        name="Bench İki Kişi Derneği", city="Ankara", field_of_work="poverty", size_band="1-5"
    )
    Membership.objects.create(user=user, organization=organization)
    rounds = []
    for name in ("Rapor ölçümü", "Federasyon ölçümü"):
        assessment_round = services.start_round(organization, user, name)
        rounds.append(assessment_round)
        for index, (respondent, _token) in enumerate(services.invite(assessment_round, [("A", ""), ("B", "")])):
            Respondent.objects.filter(pk=respondent.pk).update(role=ROLES[index])
            respondent.role = ROLES[index]
            chosen = {q.pk: rng.choice(q.scored_choices + [q.dont_know]).pk for q in questionnaire.questions.values()}
            services.save_answers(respondent, questionnaire, chosen)
    return rounds


def report_queries(user, assessment_round):
    """Database queries of one GET of the round's report page, the process's caches warm (as the
    driver's warm-up requests leave the server's workers)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    path = f"/o/{assessment_round.organization.slug}/rounds/{assessment_round.pk}/report/"
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        status = client.get(path).status_code
    if status != 200:
        raise RuntimeError(f"GET {path}: {status}")
    return len(captured.captured_queries)


def verify(spec, sent_path, out):
    """Every page the driver saw saved (302) is in the database with the last value it sent."""
    from pusula.assessments.models import Answer, Respondent

    with open(sent_path) as file:
        sent = json.load(file)  # token → {question number: choice number}
    checked = missing = wrong = 0
    for token, expected in sent.items():
        respondent = Respondent.objects.by_token(token)
        actual = {
            str(q): c
            for q, c in Answer.objects.filter(respondent=respondent).values_list("question__number", "choice__number")
        }
        for number, choice in expected.items():
            checked += 1
            if number not in actual:
                missing += 1
            elif actual[number] != choice:
                wrong += 1
    from django_tasks_db.models import DBTaskResult

    renders = [
        result
        for result in DBTaskResult.objects.filter(task_path="pusula.reports.tasks.render_report_pdf")
        .order_by("enqueued_at")
        .values_list("return_value", flat=True)
        if result and result.get("rendered")
    ]
    with open(out, "w") as file:
        json.dump({"answers_checked": checked, "missing": missing, "wrong": wrong, "pdf_renders": renders}, file)


def main():
    django.setup()
    action, spec_path, *rest = sys.argv[1:]
    with open(spec_path) as file:
        spec = json.load(file)
    {"prepare": prepare, "verify": verify}[action](spec, *rest)


if __name__ == "__main__":
    main()
