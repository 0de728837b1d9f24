"""Answers survive concurrency and crashes: many respondents at once, one respondent in two tabs, and a
server killed in the middle of a burst of submissions.

The app is served by gunicorn (several worker processes with several threads each, so saves really run
in parallel on separate database connections) on a database of these tests' own: a temporary SQLite
file, or, when the suite runs on PostgreSQL, a temporary database on the same server. The database is
prepared and read back by a subprocess (durability_db.py), never through pytest-django's connection.
pytest-django's live_server does not fit: on SQLite its in-memory test database is shared by every
request thread through one connection, and parallel saves fail with "database table is locked" for
reasons that have nothing to do with the app.
"""

import json
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests
from django.conf import settings

from conftest import SMALL_PACK

GUNICORN = Path(sys.executable).parent / "gunicorn"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CHECKED = re.compile(r'<input type="radio" name="q(\d+)" value="(\d+)"[^>]*\bchecked\b')


def on_postgresql():
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@contextmanager
def own_database(folder):
    """A DATABASE_URL for an empty database nobody else uses, removed afterwards."""
    if not on_postgresql():
        yield f"sqlite:///{folder / 'durability.sqlite3'}"
        return
    import psycopg
    from psycopg import sql

    base = urlsplit(os.environ["DATABASE_URL"])
    maintenance = urlunsplit(base._replace(path="/postgres"))
    name = f"pusula_durability_{secrets.token_hex(4)}"
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(base._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def app_env(database_url):
    """Production settings (no debug) on the given database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PUSULA_", "DJANGO_"))}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="pusula.settings",
        SECRET_KEY=secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1",
    )
    return env


def db_tool(database_url, *args):
    result = subprocess.run(
        [sys.executable, "-m", "pusula.assessments.tests.durability_db", *map(str, args)],
        env=app_env(database_url),
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, database_url, log):
        self.log = log
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        with open(log, "ab") as out:
            self.process = subprocess.Popen(
                [GUNICORN, "pusula.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "3", "--threads", "4"]
                + ["--timeout", "30", "--graceful-timeout", "2"],
                env=app_env(database_url),
                cwd=settings.BASE_DIR,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: the master and its workers go together
            )
        try:
            self.wait_ready()
        except BaseException:
            self.kill()
            raise

    def wait_ready(self):
        deadline = time.monotonic() + 30
        while True:
            assert self.process.poll() is None, f"gunicorn exited:\n{self.log_tail()}"
            try:
                if requests.get(f"{self.url}/-/ping/", timeout=5).text == "ok":
                    return
            except requests.RequestException:  # not listening yet, or its workers still booting
                pass
            assert time.monotonic() < deadline, f"gunicorn did not start:\n{self.log_tail()}"
            time.sleep(0.1)

    def log_tail(self):
        return Path(self.log).read_text(errors="replace")[-3000:]

    def kill(self, sig=signal.SIGKILL):
        """Signals the master and every worker at once (a crash, not a shutdown, with SIGKILL)."""
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                pass
            self.process.wait(10)

    def stop(self):
        if self.process.poll() is None:
            self.kill(signal.SIGTERM)


@contextmanager
def served(database_url, log):
    server = Server(database_url, log)
    try:
        yield server
    finally:
        try:
            server.stop()
        except subprocess.TimeoutExpired:
            server.kill()


class Tab:
    """A browser tab on a respondent's link: its own cookies and CSRF token, taken from a GET."""

    def __init__(self, base_url, token):
        self.base = f"{base_url}/r/{token}/"
        self.session = requests.Session()
        page = self.session.get(self.base, timeout=30)
        assert page.status_code == 200, page.status_code
        self.csrf = CSRF_INPUT.search(page.text).group(1)

    def post(self, path, fields):
        data = {"csrfmiddlewaretoken": self.csrf, **fields}
        return self.session.post(self.base + path, data=data, allow_redirects=False, timeout=30)

    def save(self, area, answers, go="next"):
        """POSTs a full area page: answers is question number → choice number."""
        return self.post(f"a/{area['slug']}/", {**{f"q{q}": c for q, c in answers.items()}, "go": go})

    def saved(self, area):
        """What the area page shows as saved: question number (a string, as in JSON) → choice number."""
        page = self.session.get(f"{self.base}a/{area['slug']}/", timeout=30)
        assert page.status_code == 200
        return {q: int(c) for q, c in CHECKED.findall(page.text)}


def in_threads(count, target):
    """Runs target(i) in count threads started together; re-raises the first exception."""
    barrier = threading.Barrier(count)
    errors = []

    def run(i):
        try:
            target(i, barrier)
        except Exception as error:  # noqa: BLE001 - re-raised in the test's thread below
            errors.append(error)
            barrier.abort()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    if errors:
        raise errors[0]


def answers_by_respondent(state):
    found = {}
    for row in state["answers"]:
        found.setdefault(row["respondent"], {})[str(row["question"])] = row["choice"]
    return found


def assert_rows_are_sound(state):
    """Every answer names a choice of its own question, and nobody answered a question twice."""
    for row in state["answers"]:
        assert row["choice_question_id"] == row["question_id"], row
    pairs = Counter((row["respondent"], row["question_id"]) for row in state["answers"])
    assert max(pairs.values(), default=1) == 1, [pair for pair, n in pairs.items() if n > 1]


class App:
    def __init__(self, server, database_url, data):
        self.url = server.url
        self.database_url = database_url
        self.areas = data["areas"]
        self.question_count = data["question_count"]
        self.respondent_of = data["tokens"]
        self.unused = list(data["tokens"])

    def take(self, count):
        taken, self.unused = self.unused[:count], self.unused[count:]
        assert len(taken) == count
        return taken

    def inspect(self):
        return db_tool(self.database_url, "inspect")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The app served by gunicorn on a database of its own with 40 invited respondents."""
    folder = tmp_path_factory.mktemp("durability")
    with own_database(folder) as database_url:
        data = db_tool(database_url, "prepare", SMALL_PACK, 40)
        with served(database_url, folder / "gunicorn.log") as server:
            yield App(server, database_url, data)


def test_twenty_respondents_answering_at_once_lose_no_answer(app):
    tokens = app.take(20)
    sent = {}  # token → question number → the choice it sent last
    statuses = []

    def respondent(i, barrier):
        token = tokens[i]
        rng = random.Random(i)
        tab = Tab(app.url, token)
        barrier.wait(30)
        statuses.append(tab.post("", {"role": "volunteer"}).status_code)
        last = {}
        # Every page, then the first one again with other answers: the later save must win.
        for area in app.areas + app.areas[:1]:
            answers = {q: rng.choice(options) for q, options in area["questions"].items()}
            statuses.append(tab.save(area, answers).status_code)
            last.update(answers)
        sent[token] = last

    in_threads(20, respondent)

    assert statuses == [302] * len(statuses)
    state = app.inspect()
    assert_rows_are_sound(state)
    found = answers_by_respondent(state)
    for token, last in sent.items():
        respondent = app.respondent_of[token]
        assert found[respondent] == last
        assert len(last) == app.question_count
        assert state["respondents"][str(respondent)] == {"started": True, "finished": True}


def test_one_respondent_in_two_tabs_ends_with_one_answer_per_question(app):
    (token,) = app.take(1)
    area = max(app.areas, key=lambda a: len(a["questions"]))
    tabs = [Tab(app.url, token), Tab(app.url, token)]
    for attempt in range(8):
        # The two tabs disagree on every question; both submit the whole page at the same moment.
        pages = [
            {q: options[(attempt + tab) % len(options)] for q, options in area["questions"].items()} for tab in (0, 1)
        ]
        statuses = [None, None]

        def submit(i, barrier, pages=pages, statuses=statuses):
            barrier.wait(30)
            statuses[i] = tabs[i].save(area, pages[i]).status_code

        in_threads(2, submit)
        assert statuses == [302, 302]
        # One page or the other, whole: a save never mixes with the other tab's.
        assert tabs[0].saved(area) in pages

    last = {q: options[-1] for q, options in area["questions"].items()}
    assert tabs[1].save(area, last).status_code == 302
    state = app.inspect()
    assert_rows_are_sound(state)
    assert answers_by_respondent(state)[app.respondent_of[token]] == last


def test_two_tabs_saving_different_pages_at_once_finish_the_respondent(app):
    """The last two pages saved at the same moment: the respondent has answered everything, and is
    marked finished (on PostgreSQL each save used to count only its own page and neither finished)."""
    tokens = app.take(15)
    assert len(app.areas) >= 2
    for token in tokens:
        tabs = [Tab(app.url, token), Tab(app.url, token)]
        # Tab 0 saves the first page and tab 1 every other page, at the same moment.
        pages = [app.areas[:1], app.areas[1:]]

        def submit(i, barrier, tabs=tabs, pages=pages):
            barrier.wait(30)
            for area in pages[i]:
                answers = {q: options[0] for q, options in area["questions"].items()}
                assert tabs[i].save(area, answers).status_code == 302

        in_threads(2, submit)
    state = app.inspect()
    assert_rows_are_sound(state)
    found = answers_by_respondent(state)
    for token in tokens:
        respondent = app.respondent_of[token]
        assert len(found[respondent]) == app.question_count
        assert state["respondents"][str(respondent)] == {"started": True, "finished": True}


def test_a_server_killed_mid_burst_leaves_the_round_consistent(tmp_path):
    with own_database(tmp_path) as database_url:
        data = db_tool(database_url, "prepare", SMALL_PACK, 24)
        areas, tokens = data["areas"], list(data["tokens"])
        log = {token: [] for token in tokens}  # token → [(area, answers, outcome)]; outcome 302, other or "lost"
        acknowledged = threading.Semaphore(0)
        with served(database_url, tmp_path / "gunicorn.log") as server:

            def respondent(i, barrier):
                token = tokens[i]
                rng = random.Random(i)
                tab = Tab(server.url, token)
                previous = {}
                barrier.wait(30)
                for n in range(10_000):
                    area = areas[n % len(areas)]
                    # Each save changes every answer of its page, so a half-saved page would show.
                    answers = {
                        q: rng.choice([c for c in options if c != previous.get(q)])
                        for q, options in area["questions"].items()
                    }
                    try:
                        outcome = tab.save(area, answers).status_code
                    except requests.RequestException:  # the server is gone: no answer to this one
                        log[token].append((area, answers, "lost"))
                        return
                    log[token].append((area, answers, outcome))
                    if outcome != 302:
                        return
                    previous.update(answers)
                    acknowledged.release()

            burst_errors = []

            def burst_of_saves():
                try:
                    in_threads(len(tokens), respondent)
                except Exception as error:  # noqa: BLE001 - checked below
                    burst_errors.append(error)

            burst = threading.Thread(target=burst_of_saves)
            burst.start()
            for _ in range(60):  # some saves are through, many more are on their way: kill everything
                assert acknowledged.acquire(timeout=20), server.log_tail()
            server.kill(signal.SIGKILL)
            burst.join(60)
            assert not burst.is_alive()
            assert not burst_errors, burst_errors

        outcomes = Counter(outcome for entries in log.values() for _area, _answers, outcome in entries)
        assert set(outcomes) <= {302, "lost"}, outcomes
        assert outcomes[302] >= 60 and outcomes["lost"] >= 1  # the kill came in the middle of the burst

        state = db_tool(database_url, "inspect")
        assert_rows_are_sound(state)
        found = answers_by_respondent(state)
        for token, entries in log.items():
            respondent = data["tokens"][token]
            saved = found.get(respondent, {})
            acked = {}
            for _area, answers, outcome in entries:
                if outcome == 302:
                    acked.update(answers)
            lost = [answers for _area, answers, outcome in entries if outcome == "lost"]
            assert len(lost) <= 1  # each client stops at its first lost request
            if lost and all(saved.get(q) == c for q, c in lost[0].items()):
                acked.update(lost[0])  # the killed request had committed: its whole page is there
            # Every page acknowledged with a 302 is fully there, with the answers sent last; a killed
            # request left its page either whole or untouched.
            assert saved == acked, (token, saved, acked, lost)
            answered = len(saved)
            assert state["respondents"][str(respondent)] == {
                "started": answered > 0,
                "finished": answered == data["question_count"],
            }

        # The app starts again on the same database and takes the next save.
        with served(database_url, tmp_path / "gunicorn-again.log") as server:
            token = tokens[0]
            answers = {q: options[0] for q, options in areas[0]["questions"].items()}
            assert Tab(server.url, token).save(areas[0], answers).status_code == 302
        saved = answers_by_respondent(db_tool(database_url, "inspect"))[data["tokens"][token]]
        assert {q: saved[q] for q in answers} == answers
