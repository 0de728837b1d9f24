from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from pusula.api.urls import api
from pusula.assessments.urls import questionnaire_patterns
from pusula.lib.views import ping, robots_txt
from pusula.organizations.views import home

admin.site.site_header = admin.site.site_title = _("Pusula yönetimi")
admin.site.index_title = _("Örgütler, kullanıcılar ve yetkiler")

urlpatterns = [
    path("", home, name="home"),
    path("-/ping/", ping, name="ping"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("accounts/", include("pusula.accounts.urls")),
    path("o/", include("pusula.organizations.urls")),
    path("operator/", include("pusula.operator.urls")),
    path("", include("pusula.privacy.urls")),
    path("", include("pusula.sharing.urls")),
    path("o/<slug:org>/rounds/", include("pusula.assessments.urls")),
    path("o/<slug:org>/rounds/", include("pusula.reports.urls")),
    path("o/<slug:org>/rounds/", include("pusula.plans.urls")),
    path("o/<slug:org>/rounds/<int:round_pk>/me/", include((questionnaire_patterns, "mine"))),
    path("r/<str:token>/", include((questionnaire_patterns, "respond"))),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
