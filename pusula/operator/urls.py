from django.urls import path

from pusula.operator import views

app_name = "operator"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("refresh/", views.refresh, name="refresh"),
    path("sector.csv", views.sector_csv, name="sector_csv"),
    path("api-tokens/", views.api_tokens, name="api_tokens"),
    path("api-tokens/<int:token_pk>/revoke/", views.revoke_api_token, name="revoke_api_token"),
]
