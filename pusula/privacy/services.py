"""Data rights: everything an organization has in Pusula as one JSON document, real deletion, a
respondent's erasure of their own answers."""

import logging

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from pusula.assessments.models import Answer, Respondent, Round
from pusula.operator.models import RoundSummary
from pusula.operator.summaries import forget_sector_figures
from pusula.operator.tasks import summarise_round
from pusula.organizations.models import Organization
from pusula.plans.exports import plan_data
from pusula.privacy.models import DeletionRecord
from pusula.reports import pdf
from pusula.reports.exports import round_document
from pusula.reports.services import round_report

logger = logging.getLogger("pusula.privacy")

EXPORT_SCHEMA = "https://pusula.example/schemas/organization-export/1"  # documented in docs/data-export.md


def organization_document(organization):
    """The organization's whole record, as in docs/data-export.md. Anonymous respondents appear by code only."""
    rounds = Round.objects.for_org(organization).select_related("version", "organization").order_by("created_at")
    return {
        "schema": EXPORT_SCHEMA,
        "exported_at": timezone.now(),
        "organization": {
            "name": organization.name,
            "slug": organization.slug,
            "city": organization.city,
            "city_other": organization.city_other,
            "field_of_work": organization.field_of_work,
            "field_of_work_other": organization.field_of_work_other,
            "size_band": organization.size_band,
            "counted_in_comparisons": organization.counted_in_comparisons,
            "created_at": organization.created_at,
        },
        "coordinators": [
            {"name": m.user.name, "email": m.user.email, "since": m.created_at}
            for m in organization.memberships.select_related("user").order_by("created_at")
        ],
        "api_tokens": [
            {"name": t.name, "prefix": t.prefix, "created_at": t.created_at, "revoked_at": t.revoked_at}
            for t in organization.api_tokens.all()
        ],
        "rounds": [_round_record(round) for round in rounds],
    }


def _round_record(round):
    record = round_document(round_report(round))
    record["plan"] = plan_data(round)
    record["shares"] = [
        {
            "message": share.message,
            "created_at": share.created_at,
            "revoked_at": share.revoked_at,
            "status": share.status,
            "operator_accesses": [a.accessed_at for a in share.accesses.all()],
        }
        for share in round.shares.all()
    ]
    record["report_links"] = [
        {
            "label": link.label,
            "created_at": link.created_at,
            "expires_at": link.expires_at,
            "revoked_at": link.revoked_at,
            "openings": [o.opened_at for o in link.openings.all()],
        }
        for link in round.report_links.all()
    ]
    record["respondents"] = [
        {
            "code": r.code,
            "anonymous": r.anonymous,
            # Names and addresses only of people who did not answer anonymously.
            "label": "" if r.anonymous else r.label,
            "email": "" if r.anonymous else r.email,
            "status": r.status,
            "invited_at": r.invited_at,
        }
        for r in round.respondents.all()
    ]
    return record


@transaction.atomic
def delete_organization(organization):
    """Deletes the organization and everything that belongs to it, stored PDFs included; logs only counts."""
    round_ids = list(Round.objects.for_org(organization).values_list("pk", flat=True))
    respondent_ids = list(Respondent.objects.filter(round_id__in=round_ids).values_list("pk", flat=True))
    answers = Answer.objects.filter(respondent_id__in=respondent_ids).count()
    pdfs = pdf.forget(round_ids, respondent_ids)
    organization_id = organization.pk
    organization.delete()  # rounds, respondents, answers, consensus, summaries, tokens, memberships cascade
    # The admin's history names the object it changed, by its id as text: no foreign key cascades there.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Organization), object_id=str(organization_id)
    ).delete()
    record = DeletionRecord.objects.create(
        organization_id=organization_id,
        rounds=len(round_ids),
        respondents=len(respondent_ids),
        answers=answers,
        stored_pdfs=pdfs,
    )
    forget_sector_figures()  # the operator's figures must no longer count it
    logger.info(
        "organization %s deleted: %s rounds, %s respondents, %s answers, %s stored PDFs",
        organization_id,
        record.rounds,
        record.respondents,
        record.answers,
        record.stored_pdfs,
    )
    return record


@transaction.atomic
def erase_respondent(respondent):
    """A respondent's own answers erased at their request, before the round closes: the person is removed
    from the round altogether, with every stored PDF that showed their answers."""
    round = respondent.round
    pdf.forget([round.pk], [respondent.pk])  # the round's PDFs showed their answers too
    respondent.delete()
    if RoundSummary.objects.filter(round=round).exists():
        summarise_round.enqueue(round.pk)  # a consensus-only summary of an open round no longer counts them
    logger.info("respondent erased from round %s", round.pk)
