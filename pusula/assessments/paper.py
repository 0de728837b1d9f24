"""The paper workshop: a blank questionnaire to print, one code per sheet."""

from django.template.loader import render_to_string

from pusula.assessments.xlsform import invitee_roles
from pusula.reports.exports import filename
from pusula.reports.pdf import html_to_pdf


def sheet_codes(round, copies):
    """One code per printed sheet ("12-01", "12-02" …): written on every page of the sheet and typed in
    with its answers, so a sheet is entered once and can be found again."""
    return [f"{round.pk}-{number:02d}" for number in range(1, copies + 1)]


def blank_questionnaire(round, copies=1):
    """(filename, mimetype, bytes): every area, question and choice with a tick box, "Bilmiyorum" included."""
    context = {
        "round": round,
        "organization": round.organization,
        "questionnaire": round.questionnaire,
        "roles": invitee_roles(),
        "codes": sheet_codes(round, copies),
    }
    data, _pages = html_to_pdf(render_to_string("assessments/paper_questionnaire.html", context))
    return filename(round, "pdf", kind="bos-soru-kagidi"), "application/pdf", data
