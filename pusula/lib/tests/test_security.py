"""Headers and settings that keep honest answers private."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db


def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"


def test_templates_carry_no_inline_script_or_style():
    roots = [Path("templates"), *Path("pusula").glob("*/templates")]
    for path in (p for root in roots for p in root.rglob("*.html")):
        text = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), path  # scripts only from files
        assert " style=" not in text and "<style" not in text, path


def test_other_protective_headers(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def production_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env.update(PUSULA_HTTPS="1", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="pusula.example.org", **extra)
    env.pop("PUSULA_DEBUG", None)
    return env


def test_check_deploy_is_clean_under_production_settings():
    result = subprocess.run(
        [Path(sys.executable).parent / "pusula", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_cookies_are_secure_under_https_settings():
    code = "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0, s.DEBUG)"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=production_env(DJANGO_SETTINGS_MODULE="pusula.settings"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["True", "True", "True", "True", "False"], result.stderr


def test_a_bad_setting_fails_loudly():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "pusula.settings", "PUSULA_HTTPS": "perhaps"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "PUSULA_HTTPS must be a boolean" in result.stderr


def test_server_errors_render_a_plain_page_not_a_traceback(client, settings, monkeypatch):
    from pusula.organizations import views

    def boom(request):
        raise RuntimeError("beklenmedik")

    monkeypatch.setattr(views, "render", lambda *a, **k: boom(None))
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Traceback" not in response.content.decode()
    assert "Kaydettiğiniz yanıtlar korunuyor" in response.content.decode()
