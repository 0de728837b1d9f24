from django_tasks import task

from pusula.reports import services
from pusula.reports.pdf import ReportPdf, render_stored


@task()
def render_report_pdf(kind, pk, language, copies=0):
    document = ReportPdf(kind, pk, language, copies)
    source = services.pdf_source(document)
    if source is None:
        return {"rendered": False, "gone": True}
    return render_stored(document, source)
