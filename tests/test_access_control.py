"""Every URL that takes an identifier or a token, requested by people who may not see it.

The victim is one organization's round, respondent and API token. The intruders: a coordinator of
another organization, an anonymous visitor, and a respondent of another organization's round. Each must
get 401/403/404/405/410 (or, for an anonymous visitor of a page, a redirect to the login page), never
the victim's data, and change nothing (answers, respondents, the round's state, its consensus, tokens).

The other organization's coordinator also comes through the door they may use: their own organization's
slug, and their own round, with the victim's round, respondent and token ids. That is what catches a
lookup that forgets to scope an id to the organization or the round.
"""

import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.utils import timezone

from pusula.assessments import services
from pusula.assessments.models import Answer, ConsensusAnswer, Respondent, Round
from pusula.content.models import Choice
from pusula.organizations.models import ApiToken, Membership, Organization
from pusula.plans.models import Action, ActionResource, Candidate, ProgressEntry
from pusula.reports.tests.factories import answer
from pusula.sharing.models import ReportLink, Share

pytestmark = pytest.mark.django_db

PUBLIC = {"api/v1/content/<version_hash>"}  # the questionnaire itself is public
SECRET_WORDS = ("Kadın Dayanışma Derneği", "2026 öz değerlendirmesi", "Veli Gizli")


def url_patterns(patterns=None, prefix=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def with_identifiers():
    """Pusula's own patterns with an identifier; the Django admin's are tested apart (admin_patterns)."""
    return [p for p in url_patterns() if "<" in p and p not in PUBLIC and not p.startswith("admin/")]


@pytest.fixture
def victim(round_):
    me = round_.respondents.get()
    me.role = "manager"
    me.save()
    answer(me, {7: 2, 10: 3})
    ((person, token),) = services.invite(round_, [("Veli Gizli", "veli@example.org")])
    answer(person, {7: 4})
    agreed = Choice.objects.get(question__version=round_.version, question__number=10, number=3)
    ConsensusAnswer.objects.create(round=round_, question=agreed.question, choice=agreed, note="Gizli gerekçe")
    _row, api_token = ApiToken.issue(round_.organization, round_.created_by, "victim")
    question = round_.version.questions.get(number=7)
    action = Action.objects.create(round=round_, question=question, title="Veli Gizli planı", due_on="2026-01-01")
    ProgressEntry.objects.create(action=action, text="Veli Gizli ilerleme")
    Candidate.objects.create(round=round_, question=question, importance=5, feasibility=5)
    share = Share.objects.create(round=round_, message="Veli Gizli adına danışmanlık")
    link, _link_token = ReportLink.issue(round_, round_.created_by, "Fon veren", 30)
    return {
        "share_pk": share.pk,
        "version_pk": round_.version.pk,
        "link_pk": link.pk,
        "org": round_.organization.slug,
        "round_pk": round_.pk,
        "round_id": round_.pk,
        "respondent_pk": person.pk,
        "token_pk": ApiToken.objects.get().pk,
        "action_pk": action.pk,
        "area": "planlama",
        "question": 7,
        "fmt": "xlsx",
        "token": token,
        "api_token": api_token,
    }


@pytest.fixture
def other_respondent_client(outsider, small_version):
    """A client that answered another organization's round through its own link."""
    other = Organization.objects.exclude(slug="kadin-dayanisma-dernegi").get()
    round_ = services.start_round(other, outsider, "Başka tur")
    ((_person, token),) = services.invite(round_, [("B", "")])
    client = Client()
    client.post(f"/r/{token}/", {"role": "staff"})
    client.respondent_token = token
    return client


def build(pattern, values, intruder_token):
    def value(match):
        name = match.group(1).split(":")[-1]
        if name == "token":
            return intruder_token  # an intruder does not know the victim's link
        assert name in values, f"{pattern}: add <{name}> to the access-control matrix"
        return str(values[name])

    return "/" + re.sub(r"<([^>]+)>", value, pattern)


def test_the_matrix_covers_every_pattern_with_an_identifier():
    patterns = with_identifiers()
    assert "o/<slug:org>/rounds/<int:round_pk>/export.<str:fmt>" in patterns
    assert "r/<str:token>/report.pdf" in patterns
    assert "api/v1/rounds/<round_id>/report" in patterns
    assert "o/<slug:org>/rounds/<int:round_pk>/plan/actions/<int:action_pk>/progress/" in patterns
    assert len(patterns) >= 24


def state(round_pk):
    return (
        sorted(
            Answer.objects.filter(respondent__round_id=round_pk).values_list(
                "respondent_id", "question_id", "choice_id"
            )
        ),
        sorted(Respondent.objects.filter(round_id=round_pk).values_list("pk", "revoked_at", "token_hash", "role")),
        Organization.objects.get(slug="kadin-dayanisma-dernegi").name,
        list(ApiToken.objects.values_list("pk", "revoked_at")),
        Round.objects.filter(pk=round_pk).values().get(),
        sorted(ConsensusAnswer.objects.filter(round_id=round_pk).values_list("question_id", "choice_id", "note")),
        list(Action.objects.values_list("pk", "title", "status", "updated_at")),
        list(Candidate.objects.values_list("pk", "importance", "feasibility", "source")),
        ProgressEntry.objects.count(),
        list(ActionResource.objects.values_list("pk", "studied_at")),
        list(Share.objects.values_list("pk", "revoked_at", "status", "operator_note")),
        list(ReportLink.objects.values_list("pk", "revoked_at")),
    )


# What an intruder sends with every POST: enough for any form of the app to change something.
HOSTILE_POST = {"name": "Ele geçirildi", "people": "kotu@example.org", "q7": "1", "q10": "1", "note10": "Ele geçirildi",
                "role": "staff", "closes_on": "2030-01-01",
                "q": "7", "title": "Ele geçirildi", "status": "done", "text": "x", "importance7": "1", "question": "8", "choice": "1", "note": "Ele geçirildi"}  # fmt: skip


@pytest.mark.parametrize("pattern", with_identifiers())
@pytest.mark.parametrize("intruder", ["outsider", "anonymous", "other_respondent"])
def test_intruders_get_no_data(pattern, intruder, victim, outsider, other_respondent_client, round_):
    if intruder == "outsider":
        client = Client()
        client.force_login(outsider)
        headers = {
            "Authorization": f"Bearer {ApiToken.issue(Organization.objects.get(memberships__user=outsider), outsider, 'x')[1]}"
        }
        token = "x" * 43
    elif intruder == "anonymous":
        client, headers, token = Client(), {}, "y" * 43
    else:
        client = other_respondent_client
        token = client.respondent_token
        headers = {"X-Respondent-Token": token}
    before = state(round_.pk)
    url = build(pattern, victim, token)
    for method in ("get", "post"):
        response = getattr(client, method)(url, HOSTILE_POST, headers=headers)
        body = response.content.decode(errors="replace")
        if pattern.startswith("r/") and intruder == "other_respondent":
            # Their own link: their own questionnaire, never the victim's data.
            assert response.status_code in (200, 202, 302, 400, 405), (method, url, response.status_code)
        elif response.status_code == 302:
            assert intruder != "outsider", (method, url)
            assert response["Location"].startswith("/accounts/login/"), (method, url, response["Location"])
        else:
            assert response.status_code in (401, 403, 404, 405, 410), (method, url, response.status_code)
        for word in SECRET_WORDS:
            assert word not in body, (method, url, word)
    assert state(round_.pk) == before


VICTIM_IDS = ("round_pk", "respondent_pk", "token_pk")


def through_own_organization(scope):
    """Patterns under /o/<org>/ that carry one of the victim's ids besides the ones `scope` replaces."""
    kept = {"organization": VICTIM_IDS, "round": ("respondent_pk", "token_pk")}[scope]
    return [p for p in with_identifiers() if "<slug:org>" in p and any(f":{name}>" in p for name in kept)]


@pytest.fixture
def outsider_round(outsider, small_version):
    """The outsider's own organization's round: theirs to open, with a respondent of its own."""
    organization = Organization.objects.get(memberships__user=outsider)
    round_ = services.start_round(organization, outsider, "Başka tur")
    services.invite(round_, [("Kendi kişisi", "")])
    return round_


@pytest.mark.parametrize(
    "scope, pattern",
    [(scope, p) for scope in ("organization", "round") for p in through_own_organization(scope)],
)
def test_outsiders_through_their_own_organization_reach_nothing_of_the_victims(
    scope, pattern, victim, outsider, outsider_round, round_
):
    client = Client()
    client.force_login(outsider)
    values = {**victim, "org": outsider_round.organization.slug}
    if scope == "round":
        values.update(round_pk=outsider_round.pk, round_id=outsider_round.pk)
    before = state(round_.pk)
    url = build(pattern, values, "x" * 43)
    for method in ("get", "post"):
        response = getattr(client, method)(url, HOSTILE_POST)
        assert response.status_code in (403, 404, 405, 410), (method, url, response.status_code)
        body = response.content.decode(errors="replace")
        for word in (*SECRET_WORDS, "Gizli gerekçe"):
            assert word not in body, (method, url, word)
    assert state(round_.pk) == before


def test_the_own_organization_matrix_covers_rounds_respondents_and_tokens():
    patterns = through_own_organization("organization")
    assert "o/<slug:org>/rounds/<int:round_pk>/report/" in patterns
    assert "o/<slug:org>/rounds/<int:round_pk>/respondents/<int:respondent_pk>/revoke/" in through_own_organization(
        "round"
    )
    assert any("<int:token_pk>" in p for p in patterns)


def test_a_victims_link_works_for_the_victim_only_through_its_token(client, victim):
    assert client.get(f"/r/{victim['token']}/").status_code == 200
    assert client.get(f"/r/{victim['token'][:-1]}/").status_code == 404


def test_a_member_of_both_organizations_sees_both(client, victim, outsider):
    Membership.objects.create(user=outsider, organization=Organization.objects.get(slug=victim["org"]))
    client.force_login(outsider)
    assert client.get(f"/o/{victim['org']}/rounds/{victim['round_pk']}/report/").status_code == 200


def operator_patterns():
    return [p for p in url_patterns() if p.startswith(("operator/", "api/v1/operator/"))]


@pytest.mark.parametrize("pattern", operator_patterns())
def test_the_operators_pages_are_closed_to_everyone_else(pattern, victim, outsider, client, django_user_model):
    """Coordinators and staff without the operator permission get 403 (the API: 401), visitors the login page."""
    staff = django_user_model.objects.create_user(email="staff@example.org", password="x", is_staff=True)
    url = build(pattern, victim, "z" * 43)
    for user in (outsider, staff, None):
        client.logout()
        if user is not None:
            client.force_login(user)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if user is None and response.status_code == 302:
                assert response["Location"].startswith("/accounts/login/"), (method, url)
            else:
                assert response.status_code in (401, 403, 404, 405), (method, url, user, response.status_code)
            for word in SECRET_WORDS:
                assert word not in response.content.decode(errors="replace")


def test_the_operator_urls_are_in_the_matrix():
    assert "operator/" in operator_patterns()


OPERATORS_OWN = {"operator/content/<int:version_pk>/"}


@pytest.mark.parametrize("pattern", with_identifiers())
def test_an_operator_sees_no_report_that_is_not_shared(pattern, victim, round_, client, django_user_model):
    """With the victim's share revoked, an operator gets nothing of the victim's anywhere."""
    from django.contrib.auth.models import Permission

    Share.objects.update(revoked_at=timezone.now())
    operator = django_user_model.objects.create_user(email="op@example.org", password="x", is_staff=True)
    operator.user_permissions.add(Permission.objects.get(codename="operate", content_type__app_label="operator"))
    client.force_login(operator)
    before = state(round_.pk)
    url = build(pattern, victim, "w" * 43)
    for method in ("get", "post"):
        response = getattr(client, method)(url, {"status": "closed", "operator_note": "x", "name": "Ele geçirildi"})
        if pattern in OPERATORS_OWN:  # the question sets are the operator's to see; no organization's data there
            assert response.status_code in (200, 405), (method, url, response.status_code)
        else:
            assert response.status_code in (401, 403, 404, 405, 410), (method, url, response.status_code)
        for word in SECRET_WORDS:
            assert word not in response.content.decode(errors="replace"), (method, url, word)
    assert state(round_.pk) == before


# The Django admin: superusers only (organizations, users, the operator permission). Everyone else, the
# operator included, is sent to the admin's login page or refused, and sees nothing of the victim's.


def admin_patterns():
    return [p for p in url_patterns() if p.startswith("admin/")]


def admin_url(pattern, victim_values):
    if "(?P<app_label>" in pattern:
        return "/admin/organizations/"
    if "(?P<url>" in pattern:
        return f"/admin/organizations/organization/{victim_values['organization_pk']}/extra/"
    object_id = victim_values["user_pk"] if "accounts/user/" in pattern else victim_values["organization_pk"]
    values = {"object_id": object_id, "id": victim_values["user_pk"], "content_type_id": victim_values["ct"]}
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), pattern)


def test_the_admin_is_closed_to_all_but_superusers(victim, round_, outsider, client, django_user_model):
    """Every admin pattern, GET and POST, as a visitor, a coordinator and an operator (staff, no admin rights).

    One test over all patterns: the victim is built once (the admin has some 60 patterns)."""
    from django.contrib.contenttypes.models import ContentType

    from pusula.operator.access import operator_permission

    operator = django_user_model.objects.create_user(email="op@example.org", password="x", is_staff=True)
    operator.user_permissions.add(operator_permission())
    values = {
        "organization_pk": round_.organization.pk,
        "user_pk": round_.created_by.pk,
        "ct": ContentType.objects.get_for_model(Organization).pk,
    }
    hostile = {
        **HOSTILE_POST,
        "action": "delete_selected",
        "post": "yes",
        "_selected_action": values["organization_pk"],
    }

    def users():
        return list(django_user_model.objects.values_list("pk", "email", "is_staff", "is_superuser"))

    before = state(round_.pk), users()
    for pattern in admin_patterns():
        url = admin_url(pattern, values)
        for user in (None, outsider, operator):
            client.logout()
            if user is not None:
                client.force_login(user)
            for method in ("get", "post"):
                response = getattr(client, method)(url, hostile)
                where = (pattern, method, url, user, response.status_code)
                if pattern in ("admin/login/", "admin/logout/", "admin/password_change/done/"):
                    assert response.status_code in (200, 302, 405), where
                elif user is not operator:
                    assert response.status_code == 302, where
                    assert response["Location"].startswith("/admin/login/"), where
                elif pattern in ("admin/", "admin/jsi18n/", "admin/password_change/"):
                    assert response.status_code in (200, 302, 400, 405), where  # the operator's own pages
                else:
                    assert response.status_code in (302, 403, 404, 405), where
                    if response.status_code == 302:  # only ever back to the admin's own pages
                        assert response["Location"].startswith("/admin/"), where
                body = response.content.decode(errors="replace")
                for word in (*SECRET_WORDS, "ayse@example.org"):
                    assert word not in body, (*where, word)
    assert (state(round_.pk), users()) == before


def test_the_admin_matrix_covers_organizations_and_users():
    patterns = admin_patterns()
    assert "admin/organizations/organization/<path:object_id>/change/" in patterns
    assert "admin/accounts/user/<path:object_id>/change/" in patterns
    assert "admin/auth/group/<path:object_id>/change/" in patterns
