"""Fixtures shared by every app's tests: small content, an organization with its coordinator, an outsider."""

from pathlib import Path

import pytest
from django.conf import settings

from pusula.assessments import services as assessment_services
from pusula.content.pack import read_pack
from pusula.content.services import load_pack
from pusula.organizations.models import Membership, Organization
from pusula.reports.tests.factories import answer, respondent

TESTS = Path(__file__).parent / "tests"
SMALL_PACK = TESTS / "packs" / "small" / "tr"
SEED = Path(__file__).parent.parent / "shared" / "seeds" / "000_4311e7ae714fb9e5.txt"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The real hasher costs ~0.5 s per password by design; tests that make users would spend most of their time there."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def serial_live_server():
    """The live server answers one request at a time. On SQLite the test database lives in memory and the
    server's request threads would all share its one connection: an autosave beside a page load broke each
    other's transactions ("no such savepoint", "database table is locked")."""
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    class SerialServer(WSGIServer):
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)  # LiveServerThread.run puts the shared connections in place

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LiveServerThread, "server_class", SerialServer)
        yield


def load_folder(folder):
    pack, problems = read_pack(folder)
    assert not problems, "\n".join(map(str, problems))
    return load_pack(pack)[0]


@pytest.fixture
def small_version(db):
    """Two areas, three questions (7, 8 and the seed's question 10), every kind of Bilmiyorum advice."""
    return load_folder(SMALL_PACK)


@pytest.fixture
def bundled_version(db):
    """The real Turkish content pack shipped in content/tr."""
    return load_folder(settings.PUSULA_CONTENT_DIR)


@pytest.fixture
def coordinator(django_user_model):
    return django_user_model.objects.create_user(email="ayse@example.org", password="kelebek-ucar-42", name="Ayşe")


@pytest.fixture
def organization(coordinator):
    organization = Organization.objects.create(
        name="Kadın Dayanışma Derneği", kind="dernek", city="İzmir", field_of_work="women", size_band="1-5"
    )
    Membership.objects.create(user=coordinator, organization=organization)
    return organization


@pytest.fixture
def outsider(django_user_model):
    """A coordinator of another organization."""
    user = django_user_model.objects.create_user(email="can@example.org", password="baska-bir-sifre-77")
    other = Organization.objects.create(name="Başka Vakıf", city="Van", field_of_work="education", size_band="21+")
    Membership.objects.create(user=user, organization=other)
    return user


@pytest.fixture
def round_(organization, coordinator, small_version):
    return assessment_services.start_round(organization, coordinator, "2026 öz değerlendirmesi")


@pytest.fixture
def answered_round(round_):
    """The coordinator picked the seed's choice for question 10; two staff members and a board member answered."""
    me = round_.respondents.get()
    me.role = "manager"
    me.save()
    answer(me, {7: 2, 8: 0, 10: 3})
    respondent(round_, "staff", {7: 1, 8: 1, 10: 2})
    respondent(round_, "staff", {7: 1, 8: 2, 10: 2}, anonymous=True)
    respondent(round_, "board_member", {7: 4, 8: 2, 10: 4})
    return round_


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def run_queued_tasks():
    """Runs the queued background tasks that are due, in this process, as `pusula db_worker` would."""
    from unittest import mock

    from django_tasks_db.management.commands.db_worker import Worker

    # Inside a test's transaction the worker must not close "old" connections: on PostgreSQL that closes the test's own.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None):
        _run_worker(Worker)


def _run_worker(Worker):
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


@pytest.fixture
def run_tasks():
    return run_queued_tasks


@pytest.fixture
def download_pdf(run_tasks):
    """GETs a report PDF as a person does: the "PDF hazırlanıyor…" page, then (the worker having run) the file."""

    def download(client, url):
        response = client.get(url)
        if response.status_code == 202:
            run_tasks()
            response = client.get(url)
        assert response.status_code == 200, response.status_code
        assert response["Content-Type"] == "application/pdf"
        return response

    return download
