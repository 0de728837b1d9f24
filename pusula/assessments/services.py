"""Starting rounds, inviting respondents, saving answers."""

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from pusula.assessments.models import Answer, ConsensusAnswer, Respondent, Round
from pusula.content.models import ContentVersion
from pusula.content.questionnaire import questionnaire_for
from pusula.outbox.services import send_later


class NoContent(Exception):
    pass


@transaction.atomic
def start_round(organization, user, name, closes_on=None, named_answers_visible=False):
    """A new round on the current content version, with the coordinator as its first respondent."""
    version = ContentVersion.objects.current()
    if version is None:
        raise NoContent
    round = Round.objects.create(
        organization=organization,
        version=version,
        organization_kind=organization.kind,
        name=name,
        closes_on=closes_on,
        named_answers_visible=named_answers_visible,
        anonymous_minimum=settings.PUSULA_ANONYMOUS_MINIMUM,
        created_by=user,
    )
    Respondent.objects.create(round=round, number=1, user=user, label=str(user), email=user.email)
    return round


@transaction.atomic
def start_next_round(previous_round, user, name, closes_on=None, named_answers_visible=False):
    """Measure again: a new round on the current content version with the previous invitation list.

    Every invitee of the previous round whose link was not revoked gets a new respondent with a new
    link token, keeping their label, e-mail, role and anonymity choice, and linked to their previous
    respondent so that they see what they answered last time. Returns (round, [(respondent, token)]).
    """
    round = start_round(previous_round.organization, user, name, closes_on, named_answers_visible)
    round.previous_round = previous_round
    round.save(update_fields=["previous_round"])
    earlier = list(previous_round.respondents.all())
    mine = next((r for r in earlier if r.user_id == user.pk), None)
    if mine is not None:
        Respondent.objects.filter(round=round, user=user).update(previous=mine)
    invited = []
    people = [r for r in earlier if r.user_id is None and r.revoked_at is None]
    for number, person in enumerate(people, start=2):
        respondent = Respondent(
            round=round,
            number=number,
            label=person.label,
            email=person.email,
            role=person.role,
            anonymous=person.anonymous,
            previous=person,
        )
        token = respondent.new_token()
        invited.append((respondent, token))
    Respondent.objects.bulk_create([respondent for respondent, _token in invited])
    return round, invited


def previous_choices(respondent):
    """question number → (previous choice, same scale?) for a returning respondent; {} for a new one.

    Rounds may pin different content versions: a question is matched by its number (question_id), and
    its previous choice is marked on the same option only when the question kept its number of choices.
    """
    if respondent.previous_id is None:
        return {}
    previous = Respondent.objects.select_related("round__version").get(pk=respondent.previous_id)
    then = questionnaire_for(previous.round.version)
    now = {q.number: q for q in questionnaire_for(respondent.round.version).questions.values()}
    choices = {}
    for question_pk, choice_pk in Answer.objects.filter(respondent=previous).values_list("question_id", "choice_id"):
        question, choice = then.questions[question_pk], then.choices[choice_pk]
        current = now.get(question.number)
        if current is not None:
            choices[question.number] = (choice, len(current.scored_choices) == len(question.scored_choices))
    return choices


def _next_number(round):
    return (Respondent.objects.filter(round=round).aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def invite(round, people):
    """Creates a respondent with a link for each (label, email) pair; returns (respondent, token)."""
    Round.objects.select_for_update().filter(pk=round.pk).first()  # serialise numbering per round
    number = _next_number(round)
    invited = []
    for offset, (label, email) in enumerate(people):
        respondent = Respondent(round=round, number=number + offset, label=label, email=email)
        token = respondent.new_token()
        respondent.save()
        invited.append((respondent, token))
    return invited


def queue_invitations(round, invited, link_for):
    """Queues an e-mail with their personal link for each invited respondent who has an address.

    The worker sends them (pusula.outbox): a slow or refusing mail server never holds up the page.
    """
    queued = 0
    for respondent, token in invited:
        if not respondent.email:
            continue
        context = {"round": round, "organization": round.organization, "link": link_for(token)}
        send_later(
            respondent.email,
            _("%(org)s öz değerlendirmesine davetlisiniz") % {"org": round.organization.name},
            render_to_string("assessments/email/invitation.txt", context),
            kind="invitation",
            round=round,
        )
        queued += 1
    return queued


def relink(respondent):
    """A new link for a respondent; the old one stops working."""
    token = respondent.new_token()
    respondent.save(update_fields=["token_hash", "revoked_at"])
    return token


def revoke(respondent):
    respondent.revoked_at = timezone.now()
    respondent.save(update_fields=["revoked_at"])


def answered_question_ids(respondent):
    return set(Answer.objects.filter(respondent=respondent).values_list("question_id", flat=True))


@transaction.atomic
def save_answers(respondent, questionnaire, choices_by_question):
    """Saves one page of answers in one transaction; the latest answer to a question wins.

    The respondent's row is locked first, so that two saves by the same respondent (two tabs) run one
    after the other: otherwise, on PostgreSQL, two pages saved at once each count only their own new
    answers and neither marks the respondent finished.
    """
    stamps = Respondent.objects.select_for_update().filter(pk=respondent.pk).values("started_at", "finished_at").get()
    now = timezone.now()
    Answer.objects.bulk_create(
        [
            Answer(respondent=respondent, question_id=q, choice_id=c, answered_at=now)
            for q, c in choices_by_question.items()
        ],
        update_conflicts=True,
        unique_fields=["respondent", "question"],
        update_fields=["choice", "answered_at"],
    )
    answered = Answer.objects.filter(respondent=respondent).count()
    changes = {}
    if stamps["started_at"] is None:
        changes["started_at"] = now
    if answered >= questionnaire.question_count and stamps["finished_at"] is None:
        changes["finished_at"] = now
    if changes:
        Respondent.objects.filter(pk=respondent.pk).update(**changes)
        for name, value in changes.items():
            setattr(respondent, name, value)


@transaction.atomic
def close_round(round):
    """Closes the round; its summary for the operator's aggregates is queued (written by the worker)."""
    from pusula.operator.tasks import summarise_round  # operator builds on assessments

    round.close()
    summarise_round.enqueue(round.pk)


@transaction.atomic
def record_consensus(round, user, decisions):
    """decisions: question pk → (choice pk or None, note). None clears a recorded consensus.

    The round's summary for the operator's aggregates is rewritten (queued), as the organization's scores change.
    """
    from pusula.operator.tasks import summarise_round

    for question_pk, (choice_pk, note) in decisions.items():
        if choice_pk is None:
            ConsensusAnswer.objects.filter(round=round, question_id=question_pk).delete()
            continue
        ConsensusAnswer.objects.update_or_create(
            round=round, question_id=question_pk, defaults={"choice_id": choice_pk, "note": note, "recorded_by": user}
        )
    summarise_round.enqueue(round.pk)
