"""The outsider's sweep: every URL of the project, every kind of visitor, hostile input; never a 500.

Each URL pattern (walked from Django's resolver, so a new one joins by itself) is requested by an
anonymous visitor, a respondent (through their link), a signed-in person of no organization, the
organization's coordinator and an operator, with its path filled

- with the coordinator's own objects (GET, GET with garbage in every query parameter a view reads
  and htmx headers in a strange language, then POST: empty, garbage fields, bytes that are not
  UTF-8, values far over any limit, more fields than Django accepts; the API also PUT and DELETE),
- with another organization's objects behind the coordinator's own organization (and the other
  organization's slug itself): never a 200 (or a redirect but to the login page),
- with garbage: huge numbers, non-ASCII, NUL, path tricks, very long words.

A server error fails the test with every request that caused one. test_access_control.py holds the
finer access rules (what changes, what leaks); this one only asks that bad input is a clear 4xx.
Run it on PostgreSQL too (scripts/with-postgres.sh): a NUL byte that SQLite stores fails there.
"""

import re

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from pusula.assessments import services
from pusula.content.models import Choice
from pusula.operator.models import OperatorToken
from pusula.organizations.models import ApiToken, Organization
from pusula.plans.models import Action
from pusula.reports.tests.factories import answer
from pusula.sharing.models import ReportLink, Share
from tests.test_access_control import url_patterns

pytestmark = pytest.mark.django_db

# Paths anyone may read whatever fills them (the questionnaire is public; the operator's content
# previews are no organization's).
PUBLIC = {"api/v1/content/<version_hash>", "operator/content/<int:version_pk>/"}

HUGE = "9" * 30
GARBAGE = {
    "int": ["0", HUGE],
    "slug": ["a" * 400, "--"],
    "str": ["İıŞ%00ğ", "..%2F..%2Fetc%2Fpasswd", "x" * 2000, "%FF%FE"],
    "": ["İıŞ%00ğ", HUGE, "x" * 2000, "%FF%FE"],
    "path": ["İıŞ%00ğ", HUGE, "..%2F..%2Fetc%2Fpasswd", "%FF%FE"],
}

# Every field name a form of the app reads, each with a value no form should accept quietly.
GARBAGE_FIELDS = {
    name: value
    for name, value in {
        "name": "\x00",
        "people": "a@b\n" * 3 + "İ@ı.com\n" + "<script>@x",
        "closes_on": "2026-02-30",
        "named_answers_visible": "evet?",
        "copies": HUGE,
        "role": "coordinator",
        "anonymous": "\x00",
        "label": "\x00",
        "go": "autosave",
        "choice": HUGE,
        "note": "\x00",
        "q": HUGE,
        "question": "-1",
        "importance": "NaN",
        "feasibility": "1e999",
        "title": '=HYPERLINK("http://x")',
        "status": "📉",
        "due_on": "0000-00-00",
        "text": "\x00",
        "owner": HUGE,
        "message": "\x00",
        "days": HUGE,
        "file": "not a file",
        "confirm": "İ",
        "email": "ALİ@ÖRNEK.com",
        "password": "",
        "kind": "şirket",
        "city": "Atlantis",
        "language": "xx",
        "next": "//evil.example.org/",
        "operator_note": "\x00",
        "a": "b",
    }.items()
}
for number in (7, 8, 10):
    GARBAGE_FIELDS.update({f"q{number}": "-5", f"n{number}": "\x00", f"note{number}": "x", f"importance{number}": "x"})

# Every query parameter a view reads, with garbage.
QUERY = f"?q={HUGE}&old={HUGE}&new=-1&copies={HUGE}&status=%C4%B0%00&next=//evil.example.org/&lang=%FF"
# An htmx request (pages answer those with fragments) in a language nobody speaks.
HOSTILE_HEADERS = {"HX-Request": "true", "HX-Target": "<script>", "Accept-Language": "İ-ı,*;q=x, en;q=0.5"}
# JSON an API client might send by mistake, or on purpose.
API_BODIES = {
    name: body
    for name, body in zip(
        ("anonymous", "respondent", "member of no organization", "coordinator", "operator"),
        (
            '{"answers": [{"question_id": 7, "choice_id": 99999999999999999999}]}',
            '{"role": "staff", "answers": [{"question_id": 7, "choice_id": -1}, {"question_id": 8, "choice_id": 0}]}',
            '{"answers": ' + "[" * 5000 + "]" * 5000 + "}",
            '{"answers": [' + ",".join(['{"question_id": 7, "choice_id": 1}'] * 600) + "]}",
            r'{"role": null, "answers": null, "\u0000": "\ud800"}',
        ),
    )
}
OVERSIZE = {name: "ş" * 60_000 for name in GARBAGE_FIELDS}
TOO_MANY_FIELDS = "&".join(f"f{i}=1" for i in range(1200))


def posts():
    """(label, kwargs for Client.post) for each hostile body."""
    return [
        ("empty", {}),
        ("garbage fields", {"data": GARBAGE_FIELDS}),
        ("not UTF-8", {"data": b"name=\xff\xfe&q7=\xc3(&people=\xed\xa0\x80", "content_type": "application/x-www-form-urlencoded"}),
        ("not UTF-8 JSON", {"data": b'{"answers": [], "role": "\xff"}', "content_type": "application/json"}),
        ("oversize", {"data": OVERSIZE}),
        ("too many fields", {"data": TOO_MANY_FIELDS, "content_type": "application/x-www-form-urlencoded"}),
    ]  # fmt: skip


def world(coordinator, outsider, round_, django_user_model):
    """The coordinator's organization with one of everything, and another organization with the same."""
    me = round_.respondents.get()
    me.role = "manager"
    me.save()
    answer(me, {7: 2, 10: 3})
    ((person, token),) = services.invite(round_, [("Veli", "veli@example.org")])
    agreed = Choice.objects.get(question__version=round_.version, question__number=10, number=3)
    services.record_consensus(round_, coordinator, {agreed.question_id: (agreed.pk, "Gerekçe")})
    _row, api_token = ApiToken.issue(round_.organization, coordinator, "tarama")
    question = round_.version.questions.get(number=7)
    action = Action.objects.create(round=round_, question=question, title="Plan", due_on="2026-01-01")
    share = Share.objects.create(round=round_, message="Bakar mısınız")
    link, link_token = ReportLink.issue(round_, coordinator, "Fon veren", 30)
    own = {
        "org": round_.organization.slug,
        "round_pk": round_.pk,
        "round_id": round_.pk,
        "respondent_pk": person.pk,
        "token_pk": ApiToken.objects.get(organization=round_.organization).pk,
        "question": 7,
        "area": "planlama",
        "link_pk": link.pk,
        "share_pk": share.pk,
        "version_pk": round_.version.pk,
        "version_hash": round_.version.hash,
        "action_pk": action.pk,
        "fmt": "csv",
        "token": token,
        # The Django admin's: the organization, its coordinator, the organization's content type.
        "object_id": round_.organization.pk,
        "id": coordinator.pk,
        "content_type_id": ContentType.objects.get_for_model(Organization).pk,
    }
    link_paths = {"l/<str:token>/": link_token}

    theirs = Organization.objects.get(memberships__user=outsider)
    their_round = services.start_round(theirs, outsider, "Başka tur")
    ((their_person, _their_token),) = services.invite(their_round, [("Başkası", "")])
    their_action = Action.objects.create(round=their_round, question=question, title="Başka", due_on="2026-01-01")
    their_link, _ = ReportLink.issue(their_round, outsider, "Başka", 30)
    ApiToken.issue(theirs, outsider, "başka")
    other = {
        **own,
        "round_pk": their_round.pk,
        "round_id": their_round.pk,
        "respondent_pk": their_person.pk,
        "token_pk": ApiToken.objects.get(organization=theirs).pk,
        "link_pk": their_link.pk,
        "share_pk": Share.objects.create(round=their_round, message="x", revoked_at="2026-01-01T00:00Z").pk,
        "action_pk": their_action.pk,
        "token": "u" * 43,  # a link is its own key: another organization's would be theirs to open
    }

    operator = django_user_model.objects.create_user(email="op@example.org", password="x", is_staff=True)
    operator.user_permissions.add(Permission.objects.get(codename="operate", content_type__app_label="operator"))
    nobody = django_user_model.objects.create_user(email="yeni@example.org", password="yeni-hesap-123")
    visitors = {
        "anonymous": (None, {}),
        "respondent": (None, {"X-Respondent-Token": token}),
        "member of no organization": (nobody, {}),
        "coordinator": (coordinator, {"Authorization": f"Bearer {api_token}"}),
        "operator": (operator, {"X-Operator-Token": OperatorToken.issue(operator, "tarama")[1]}),
    }
    return own, other, their_round.organization.slug, link_paths, visitors


PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


def fill(pattern, values, link_paths=None):
    if link_paths and pattern in link_paths:
        values = {**values, "token": link_paths[pattern]}
    return "/" + PARAMETER.sub(lambda m: str(values[m.group(2)]), pattern)


def garbage_urls(pattern, own):
    """The pattern with one parameter at a time replaced by each garbage value of its kind."""
    urls = []
    for hit in PARAMETER.finditer(pattern):
        for value in GARBAGE[hit.group(1) or ""]:
            parts = [pattern[: hit.start()], value, pattern[hit.end() :]]
            urls.append(fill(parts[0], own) + parts[1] + fill(parts[2], own)[1:])
    return urls


class Sweep:
    def __init__(self):
        self.errors = []
        self.requests = 0

    def send(self, client, method, url, headers, label="", **kwargs):
        self.requests += 1
        response = getattr(client, method)(url, headers=headers, **kwargs)
        import collections

        self.stats = getattr(self, "stats", collections.Counter())
        self.stats[(method, response.status_code)] += 1
        if response.status_code >= 500:
            self.errors.append(f"{response.status_code} {method.upper()} {url[:120]} {label}")
        return response


def client_for(user):
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def test_no_url_answers_anyone_with_a_server_error(coordinator, outsider, round_, django_user_model, respondent_client):
    own, other, their_slug, link_paths, visitors = world(coordinator, outsider, round_, django_user_model)
    # What ends a session or a link goes last, so that everything else is reached as its visitor.
    patterns = sorted(
        (p for p in url_patterns() if "(?P<" not in p),  # the admin's regex catch-alls: no path to fill
        key=lambda p: p.endswith(("logout/", "erase/", "delete/")),
    )
    sweep, leaks = Sweep(), []
    for name, (user, headers) in visitors.items():
        client = respondent_client(headers["X-Respondent-Token"]) if name == "respondent" else client_for(user)
        for pattern in patterns:
            if user is not None:
                client.force_login(user)  # a POST to a page before may have signed them out
            url = fill(pattern, own, link_paths)
            sweep.send(client, "get", url, headers)
            hostile_headers = {**headers, **HOSTILE_HEADERS}
            sweep.send(client, "get", url + QUERY, hostile_headers)
            if name in ("coordinator", "respondent"):  # whom the pages' htmx forms are for
                sweep.send(
                    client, "post", url, hostile_headers, label="htmx", data={**GARBAGE_FIELDS, "go": "autosave"}
                )
            if pattern.startswith("api/"):  # the API also takes PUT (and must refuse what it does not take)
                for label, body in posts()[1:4]:
                    sweep.send(client, "put", url, headers, label=label, **body)
                sweep.send(client, "put", url, headers, data=API_BODIES[name], content_type="application/json")
                sweep.send(client, "delete", url, headers)
            for label, body in posts() if name == "coordinator" else posts()[:3]:
                sweep.send(client, "post", url, headers, label=label, **body)
            if "<" not in pattern:
                continue
            for url in garbage_urls(pattern, own):
                sweep.send(client, "get", url, headers)
                if name == "coordinator":  # the others are turned away before any form is read
                    sweep.send(client, "post", url, headers, data=GARBAGE_FIELDS)
            if pattern in PUBLIC:
                continue
            theirs = {fill(pattern, other), fill(pattern, {**other, "org": their_slug})} - {fill(pattern, own)}
            for url in theirs:
                for method, kwargs in (("get", {}), ("post", {"data": GARBAGE_FIELDS})):
                    response = sweep.send(client, method, url, headers, **kwargs)
                    location = response.get("Location", "")
                    if response.status_code < 300 or (
                        response.status_code < 400 and "/accounts/login/" not in location
                    ):
                        leaks.append(f"{name}: {response.status_code} {method.upper()} {url} {location}")
    import os

    if os.environ.get("SWEEP_DEBUG"):
        print(sweep.stats)
    assert sweep.errors == [], "\n".join(sweep.errors)
    assert leaks == [], "\n".join(leaks)
    assert sweep.requests > 3000


@pytest.fixture
def respondent_client():
    def make(token):
        client = Client(raise_request_exception=False)
        client.post(f"/r/{token}/", {"role": "staff"})
        return client

    return make
