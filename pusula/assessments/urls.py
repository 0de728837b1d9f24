from django.urls import path

from pusula.assessments import views
from pusula.reports import views as report_views

app_name = "assessments"
urlpatterns = [
    path("new/", views.round_create, name="create"),
    path("<int:round_pk>/", views.round_detail, name="round"),
    path("<int:round_pk>/invite/", views.invite, name="invite"),
    path("<int:round_pk>/remind/", views.remind, name="remind"),
    path("<int:round_pk>/close/", views.close, name="close"),
    path("<int:round_pk>/next/", views.next_round, name="next"),
    path("<int:round_pk>/consensus/", views.consensus, name="consensus"),
    path("<int:round_pk>/consensus/<int:question>/", views.consensus_item, name="consensus_item"),
    path("<int:round_pk>/paper/", views.paper_sheet, name="paper"),
    path("<int:round_pk>/paper.pdf", views.paper_pdf, name="paper_pdf"),
    path("<int:round_pk>/xlsform.xlsx", views.xlsform_export, name="xlsform"),
    path("<int:round_pk>/import/", views.submissions_import, name="import"),
    path("<int:round_pk>/respondents/<int:respondent_pk>/relink/", views.relink, name="relink"),
    path("<int:round_pk>/respondents/<int:respondent_pk>/revoke/", views.revoke, name="revoke"),
]

# The questionnaire and the respondent's own report, mounted twice: under a link token (namespace
# "respond") and under the coordinator's round (namespace "mine").
questionnaire_patterns = [
    path("", views.start, name="start"),
    path("a/<slug:area>/", views.area, name="area"),
    path("thanks/", views.thanks, name="thanks"),
    path("report/", report_views.respondent_report, name="report"),
    path("report.pdf", report_views.respondent_report_pdf, name="report_pdf"),
]
