"""The paper workshop: a blank questionnaire to print, one code per sheet.

The PDF is rendered by the background worker and kept (reports.pdf), like a report's: it changes only
with the round's name and questionnaire, the organization's name, the language and the number of copies.
"""

from pusula.assessments.models import Round
from pusula.assessments.xlsform import invitee_roles
from pusula.reports.exports import filename


def sheet_codes(round, copies):
    """One code per printed sheet ("12-01", "12-02" …): written on every page of the sheet and typed in
    with its answers, so a sheet is entered once and can be found again."""
    return [f"{round.pk}-{number:02d}" for number in range(1, copies + 1)]


def paper_state(round, copies):
    """Everything the blank questionnaire shows depends on (with the language and the layout)."""
    return (round.version.hash, round.organization_kind, round.name, round.organization.name, copies)


def paper_filename(round):
    return filename(round, "pdf", kind="bos-soru-kagidi")


def paper_source(document):
    """What the worker renders a blank questionnaire (a reports.pdf.ReportPdf of kind "paper") from:
    every area, question and choice with a tick box, "Bilmiyorum" included; None when the round is gone."""
    round = Round.objects.select_related("organization", "version").filter(pk=document.pk).first()
    if round is None:
        return None

    def source():
        context = {
            "round": round,
            "organization": round.organization,
            "questionnaire": round.questionnaire,
            "roles": invitee_roles(),
            "codes": sheet_codes(round, document.copies),
        }
        return "assessments/paper_questionnaire.html", context, paper_state(round, document.copies)

    return source
