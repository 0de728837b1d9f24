"""`make serve`: the production profile (gunicorn, whitenoise, migrations and content load on start)."""

import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def served(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    # Under the PostgreSQL run DATABASE_URL names the throwaway server's own database; else a temp SQLite file.
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp_path / 'serve.sqlite3'}")
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        PUSULA_HTTPS="1",
        BIND=f"127.0.0.1:{port}",
        WORKERS="2",
        DJANGO_SETTINGS_MODULE="pusula.settings",
        # its own collectstatic: the checkout's staticfiles/ is served by the other tests' live servers meanwhile
        PUSULA_STATIC_ROOT=str(tmp_path / "static"),
    )
    process = subprocess.Popen(
        ["make", "-s", "serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if fetch(base + "/-/ping/", {"X-Forwarded-Proto": "https"})[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None:
                pytest.fail("make serve stopped: " + process.stdout.read().decode(errors="replace")[-3000:])
            time.sleep(0.3)
        else:
            pytest.fail("make serve did not answer within 120 s")
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def test_make_serve_runs_the_production_profile(served):
    https = {"X-Forwarded-Proto": "https"}
    status, headers, body = fetch(served + "/", https)
    assert status == 200
    assert "Content-Security-Policy" in headers
    assert headers.get("Strict-Transport-Security", "").startswith("max-age=")

    stylesheet = re.search(rb'href="(/static/css/pusula\.[0-9a-f]{12}\.css)"', body)
    assert stylesheet, "whitenoise's hashed static names are in the page"
    status, headers, css = fetch(served + stylesheet.group(1).decode(), https)
    assert status == 200 and b"--brand" in css
    assert "max-age=315360000" in headers.get("Cache-Control", "")

    status, _headers, body = fetch(served + "/api/v1/content/current", https)
    assert status == 200 and b'"areas"' in body  # the bundled content was loaded on start

    status, headers, _body = fetch(served + "/accounts/login/")
    assert status == 301 and headers["Location"].startswith("https://")
