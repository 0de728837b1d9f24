"""Real-browser fixtures: one Chromium per session (Debian's, never a downloaded one), a fresh context per
test, screenshots of every open page when a test fails, and helpers to sign a user in by cookie."""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

CHROMIUM = os.environ.get("PUSULA_PLAYWRIGHT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE = Path(os.environ.get("PUSULA_AXE", ROOT / "node_modules" / "axe-core" / "axe.min.js"))
TIMEOUT_MS = 10_000


def missing(reason):
    """Skips a test whose tool is missing here; under CI=true a missing tool fails the run instead."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; under CI=true it is required", pytrace=False)
    pytest.skip(reason)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keeps each phase's report on the item (rep_setup, rep_call, rep_teardown) for the fixtures below."""
    rep = yield
    setattr(item, f"rep_{rep.when}", rep)
    return rep


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        missing(f"Chromium not found at {CHROMIUM} (set PUSULA_PLAYWRIGHT_CHROMIUM or install Debian's chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running on this thread, which makes Django refuse ORM
    # calls from the test ("SynchronousOnlyOperation"). The tests are synchronous; allow them while the
    # browser lives and restore the previous setting afterwards.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site(live_server, small_version):
    """The live server with the small test content pack loaded (conftest.py's load_folder(SMALL_PACK)),
    in a transactional database the server thread can see."""
    return live_server


@pytest.fixture
def new_context(request, browser, site):
    """Makes browser contexts (one per person) on the live server; screenshots their pages if the test fails."""
    contexts = []

    def make(**kwargs):
        context = browser.new_context(base_url=site.url, locale="tr-TR", **kwargs)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make

    failed = any(getattr(getattr(request.node, f"rep_{when}", None), "failed", False) for when in ("setup", "call"))
    if failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        pages = [page for context in contexts for page in context.pages if not page.is_closed()]
        for number, page in enumerate(pages, start=1):
            path = ARTIFACTS / (f"{name}.png" if number == 1 else f"{name}-{number}.png")
            try:
                page.screenshot(path=str(path), full_page=True)
            except Exception as error:  # a failed screenshot must not hide the test's own failure
                print(f"screenshot of {page.url} failed: {error}")
            else:
                print(f"screenshot: {path} ({page.url})")
    for context in contexts:
        context.close()


@pytest.fixture
def axe_script():
    """Path of axe-core's browser build; skips the test when node_modules lacks it (fails under CI=true)."""
    if not AXE.exists():
        missing(f"axe-core not found at {AXE} (run `npm ci` to install it for the accessibility check)")
    return AXE


@pytest.fixture
def sign_in(site):
    """sign_in(context, user): gives the browser context the session cookie the login form would set."""

    def sign_in(context, user):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": site.url}])

    return sign_in
