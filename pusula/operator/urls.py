from django.urls import path

from pusula.operator import views

app_name = "operator"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("refresh/", views.refresh, name="refresh"),
    path("sector.csv", views.sector_csv, name="sector_csv"),
    path("api-tokens/", views.api_tokens, name="api_tokens"),
    path("content/", views.content_versions, name="content_versions"),
    path("content/upload/", views.content_upload, name="content_upload"),
    path("content/diff/", views.content_diff, name="content_diff"),
    path("content/<int:version_pk>/", views.content_preview, name="content_preview"),
    path("api-tokens/<int:token_pk>/revoke/", views.revoke_api_token, name="revoke_api_token"),
]
