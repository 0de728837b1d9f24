from django.urls import path

from pusula.sharing import views

app_name = "sharing"
urlpatterns = [
    path("o/<slug:org>/rounds/<int:round_pk>/sharing/", views.round_sharing, name="round"),
    path("o/<slug:org>/rounds/<int:round_pk>/sharing/share/", views.share, name="share"),
    path("o/<slug:org>/rounds/<int:round_pk>/sharing/revoke/", views.revoke_share, name="revoke_share"),
    path("o/<slug:org>/rounds/<int:round_pk>/sharing/links/", views.create_link, name="create_link"),
    path(
        "o/<slug:org>/rounds/<int:round_pk>/sharing/links/<int:link_pk>/revoke/",
        views.revoke_link,
        name="revoke_link",
    ),
    path("l/<str:token>/", views.link_report, name="link"),
    path("operator/shared/", views.shared_list, name="operator_list"),
    path("operator/shared/<int:share_pk>/", views.shared_report, name="operator_report"),
]
