"""The durability tests' database side, run in a subprocess against the server's own database.

    python -m pusula.assessments.tests.durability_db prepare PACK RESPONDENTS   (prints JSON)
    python -m pusula.assessments.tests.durability_db inspect                    (prints JSON)

The tests serve the app from a separate process (gunicorn) on a database of their own, so the test
process never touches it through pytest-django's connection: this module prepares and reads it, with
DATABASE_URL set by the caller.
"""

import io
import json
import sys

import django


def prepare(pack, respondents):
    """migrate, load the pack, an organization with its coordinator, a round and its invited respondents
    (role already chosen, nothing answered). Returns the tokens and the questionnaire's shape."""
    from django.core.management import call_command

    from pusula.accounts.models import User
    from pusula.assessments import services
    from pusula.assessments.models import Respondent
    from pusula.content.questionnaire import questionnaire_for
    from pusula.organizations.models import Membership, Organization

    call_command("migrate", interactive=False, verbosity=0)
    call_command("content", "load", pack, stdout=io.StringIO())
    user = User.objects.create_user(email="ayse@example.org", password="kelebek-ucar-42", name="Ayşe")
    organization = Organization.objects.create(
        name="Kadın Dayanışma Derneği", city="İzmir", field_of_work="women", size_band="1-5"
    )
    Membership.objects.create(user=user, organization=organization)
    round = services.start_round(organization, user, "Dayanıklılık")
    invited = services.invite(round, [(f"Kişi {i}", "") for i in range(respondents)])
    Respondent.objects.filter(round=round, user__isnull=True).update(role="staff")
    questionnaire = questionnaire_for(round.version)
    return {
        "round": round.pk,
        "tokens": {token: respondent.pk for respondent, token in invited},
        "question_count": questionnaire.question_count,
        "areas": [
            {
                "slug": area.slug,
                "questions": {
                    str(q.number): [c.number for c in q.scored_choices] + [q.dont_know.number]
                    for q in area.question_list
                },
            }
            for area in questionnaire.areas
        ],
    }


def inspect():
    """Every answer row as the database has it, and each respondent's progress stamps."""
    from pusula.assessments.models import Answer, Respondent

    answers = Answer.objects.values_list(
        "respondent_id", "question_id", "question__number", "choice_id", "choice__question_id", "choice__number"
    )
    return {
        "answers": [
            {
                "respondent": respondent,
                "question_id": question_id,
                "question": number,
                "choice_id": choice_id,
                "choice_question_id": choice_question_id,
                "choice": choice_number,
            }
            for respondent, question_id, number, choice_id, choice_question_id, choice_number in answers.order_by("pk")
        ],
        "respondents": {
            str(pk): {"started": started is not None, "finished": finished is not None}
            for pk, started, finished in Respondent.objects.values_list("pk", "started_at", "finished_at")
        },
    }


def main():
    django.setup()
    action, *args = sys.argv[1:]
    if action == "prepare":
        result = prepare(args[0], int(args[1]))
    elif action == "inspect":
        result = inspect()
    else:
        raise SystemExit(f"unknown action {action!r}")
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
