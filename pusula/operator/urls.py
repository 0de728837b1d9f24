from django.urls import path

from pusula.operator import views

app_name = "operator"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("refresh/", views.refresh, name="refresh"),
    path("sector.csv", views.sector_csv, name="sector_csv"),
]
