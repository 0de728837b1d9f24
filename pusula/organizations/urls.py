from django.urls import path

from pusula.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("new/", views.create, name="create"),
    path("<slug:org>/", views.detail, name="detail"),
    path("<slug:org>/edit/", views.edit, name="edit"),
    path("<slug:org>/api-tokens/", views.api_tokens, name="api_tokens"),
    path("<slug:org>/api-tokens/<int:token_pk>/revoke/", views.revoke_api_token, name="revoke_api_token"),
]
