from django.urls import path

from pusula.reports import views

app_name = "reports"
urlpatterns = [
    path("<int:round_pk>/report/", views.round_report, name="round"),
    path("<int:round_pk>/report.pdf", views.round_report_pdf, name="round_pdf"),
    path("<int:round_pk>/export.<str:fmt>", views.round_export, name="export"),
]
