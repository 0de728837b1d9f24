"""Starting rounds, inviting and reminding respondents, saving answers."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from pusula.assessments.models import Answer, ConsensusAnswer, Respondent, Role, Round, Source
from pusula.content.models import ContentVersion
from pusula.content.questionnaire import questionnaire_for
from pusula.lib.text import turkish_fold
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
    Respondent.objects.create(
        round=round, number=1, user=user, label=str(user), email=user.email, role=Role.COORDINATOR
    )
    return round


@transaction.atomic
def start_next_round(previous_round, user, name, closes_on=None, named_answers_visible=False):
    """Measure again: a new round on the current content version with the previous invitation list.

    Every invitee of the previous round whose link was not revoked gets a new respondent with a new
    link token, keeping their label, e-mail, role and anonymity choice, and linked to their previous
    respondent so that they see what they answered last time (an anonymous person only when the link can
    go to them by e-mail). Returns (round, [(respondent, token)]).
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
        # An anonymous person's new link reaches them by e-mail alone (the coordinator never sees it): it
        # opens what they answered last time. Without an address it can only pass through the
        # coordinator, so it opens nothing of theirs: no past answers, no role, no anonymity yet.
        carried = not person.anonymous or bool(person.email)
        respondent = Respondent(
            round=round,
            number=number,
            label=person.label,
            email=person.email,
            role=person.role if carried else "",
            anonymous=person.anonymous and carried,
            previous=person if carried else None,
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
    now = {q.number: q for q in respondent.round.questionnaire.questions.values()}
    choices = {}
    for question_pk, choice_pk in Answer.objects.filter(respondent=previous).values_list("question_id", "choice_id"):
        question, choice = then.questions[question_pk], then.choices[choice_pk]
        current = now.get(question.number)
        if current is not None:
            choices[question.number] = (choice, len(current.scored_choices) == len(question.scored_choices))
    return choices


def _next_number(round):
    return (Respondent.objects.filter(round=round).aggregate(n=Max("number"))["n"] or 0) + 1


def invited_addresses(round):
    """The e-mail addresses already invited to a round, compared case-insensitively."""
    return {email.casefold() for email in round.respondents.exclude(email="").values_list("email", flat=True)}


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


def _mail(respondent, subject, template, link, kind):
    """The one place a respondent's mail (invitation or reminder) is queued for the worker to send."""
    round = respondent.round
    context = {
        "anonymous": respondent.anonymous,
        "round": round,
        "organization": round.organization,
        "link": link,
        "minutes": round.questionnaire.minutes,
    }
    send_later(respondent.email, subject, render_to_string(template, context), kind=kind, round=round)


def queue_invitations(round, invited, link_for):
    """Queues an e-mail with their personal link for each invited respondent who has an address.

    The worker sends them (pusula.outbox): a slow or refusing mail server never holds up the page.
    """
    queued = 0
    for respondent, token in invited:
        if not respondent.email:
            continue
        subject = _("%(org)s öz değerlendirmesine davetlisiniz") % {"org": round.organization.name}
        _mail(respondent, subject, "assessments/email/invitation.txt", link_for(token), kind="invitation")
        queued += 1
    return queued


def _reminder_interval():
    return timedelta(hours=settings.PUSULA_REMINDER_INTERVAL_HOURS)


def unfinished(round):
    """People invited by link who have not finished, whose link still works: whom a reminder is for.

    Anyone who finished, anonymous or not, is never reminded.
    """
    return round.respondents.filter(
        source=Source.LINK, user__isnull=True, finished_at__isnull=True, revoked_at__isnull=True
    )


def reminder_due(round, now=None):
    """Unfinished people with an e-mail address who were not reminded within the interval."""
    now = now or timezone.now()
    return (
        unfinished(round)
        .exclude(email="")
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - _reminder_interval()))
    )


def next_reminder_at(round):
    """When the next reminder may go, if everyone unfinished with an address was reminded recently."""
    last = unfinished(round).exclude(email="").aggregate(last=Max("reminded_at"))["last"]
    return last + _reminder_interval() if last else None


@transaction.atomic
def send_reminder(respondent, link_for):
    """Queues one reminder, at most one per interval: the row is claimed with a conditional update, so
    a double click or two coordinators at once queue one mail. Returns whether a mail was queued."""
    now = timezone.now()
    claimed = reminder_due(respondent.round, now).filter(pk=respondent.pk).update(reminded_at=now)
    if not claimed:
        return False
    # An anonymous person's link was rotated when they chose anonymity and given to them alone
    # (docs/privacy.md): a reminder never carries it, not even by e-mail.
    token = None if respondent.anonymous else respondent.link_token()
    subject = _("Hatırlatma: %(org)s öz değerlendirmesi") % {"org": respondent.round.organization.name}
    _mail(respondent, subject, "assessments/email/reminder.txt", link_for(token) if token else None, kind="reminder")
    return True


def remind_unfinished(round, link_for):
    """One reminder to every unfinished person due one; returns how many were queued."""
    due = list(reminder_due(round).select_related("round__organization", "round__version"))
    return sum(send_reminder(respondent, link_for) for respondent in due)


def rounds_closing_soon(today=None):
    """Open rounds whose closing date is within the closing-reminder window and not yet announced."""
    today = today or timezone.localdate()
    window = today + timedelta(days=settings.PUSULA_CLOSING_REMINDER_DAYS)
    return Round.objects.filter(
        closed_at__isnull=True, closes_on__gte=today, closes_on__lte=window, closing_reminder_sent_at__isnull=True
    )


def send_closing_reminders(link_for, today=None):
    """For each round closing soon: a reminder to its unfinished people, once; returns (rounds, mails)."""
    rounds = mails = 0
    for round in rounds_closing_soon(today).select_related("organization", "version"):
        # Claimed first, so two runs at once announce a round once.
        if not Round.objects.filter(pk=round.pk, closing_reminder_sent_at__isnull=True).update(
            closing_reminder_sent_at=timezone.now()
        ):
            continue
        rounds += 1
        mails += remind_unfinished(round, link_for)
    return rounds, mails


def mail_on_its_way(round, limit=50):
    """(mails, to_anonymous): the round's unsent mail the coordinator may see, and how many more go to
    anonymous people. A reminder goes only to someone unfinished, so its address would tell which
    anonymous invitee has not finished (docs/privacy.md): those are counted, never listed."""
    anonymous = round.respondents.filter(anonymous=True).exclude(email="").values("email")
    unsent = round.outgoing_mails.unsent()
    # A respondent's mail is addressed with their stored address, character for character.
    mails = list(unsent.exclude(to__in=anonymous)[:limit])
    to_anonymous = unsent.filter(to__in=anonymous).count()
    return mails, to_anonymous


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
def save_answers(respondent, questionnaire, choices_by_question, notes=None):
    """Saves one page of answers in one transaction; the latest answer to a question wins.

    The respondent's row is locked first, so that two saves by the same respondent (two tabs) run one
    after the other: otherwise, on PostgreSQL, two pages saved at once each count only their own new
    answers and neither marks the respondent finished.
    """
    stamps = Respondent.objects.select_for_update().filter(pk=respondent.pk).values("started_at", "finished_at").get()
    now = timezone.now()
    # Notes are written only by callers that pass them, so saving a choice elsewhere keeps a note.
    Answer.objects.bulk_create(
        [
            Answer(respondent=respondent, question_id=q, choice_id=c, answered_at=now, note=(notes or {}).get(q, ""))
            for q, c in choices_by_question.items()
        ],
        update_conflicts=True,
        unique_fields=["respondent", "question"],
        update_fields=["choice", "answered_at", "note"] if notes is not None else ["choice", "answered_at"],
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


class SheetAlreadyEntered(Exception):
    """A paper sheet whose code (or name) was typed in before: the same sheet twice would count twice."""

    def __init__(self, respondent):
        super().__init__(respondent.code)
        self.respondent = respondent


@transaction.atomic
def add_respondent(round, *, source, role, anonymous=False, label="", answers=None, notes=None, external_id=""):
    """A respondent whose answers reach Pusula without a link: a paper sheet typed in by the
    coordinator, or a row of an imported KoboToolbox/ODK submissions file."""
    Round.objects.select_for_update().filter(pk=round.pk).first()  # serialise numbering per round
    if source == Source.PAPER and label.strip():
        entered = next(
            (r for r in round.respondents.filter(source=Source.PAPER) if turkish_fold(r.label) == turkish_fold(label)),
            None,
        )
        if entered is not None:
            raise SheetAlreadyEntered(entered)
    respondent = Respondent.objects.create(
        round=round,
        number=_next_number(round),
        label=label,
        role=role,
        anonymous=anonymous,
        source=source,
        external_id=external_id,
    )
    if answers:
        save_answers(respondent, round.questionnaire, answers, notes or {})
    return respondent


@transaction.atomic
def import_submissions(round, submissions):
    """Every submission as a respondent, all or none; a submission imported before (same id) is
    skipped. Returns (imported, skipped)."""
    known = set(round.respondents.exclude(external_id="").values_list("external_id", flat=True))
    imported = skipped = 0
    for submission in submissions:
        if submission.external_id and submission.external_id in known:
            skipped += 1
            continue
        known.add(submission.external_id)
        add_respondent(
            round,
            source=Source.IMPORT,
            role=submission.role,
            anonymous=submission.anonymous,
            answers=submission.answers,
            notes=submission.notes,
            external_id=submission.external_id,
        )
        imported += 1
    return imported, skipped
