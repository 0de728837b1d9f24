from django.urls import path

from pusula.privacy import views

app_name = "privacy"
urlpatterns = [
    path("privacy/", views.notice, name="notice"),
    path("o/<slug:org>/data/", views.data, name="data"),
    path("o/<slug:org>/data/export.json", views.export, name="export"),
    path("o/<slug:org>/data/delete/", views.delete, name="delete"),
    path("r/<str:token>/erase/", views.erase, name="erase"),
]
