"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium) against the live test server."""
import os
from io import StringIO

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the tests are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1366, "height": 768}, "locale": "zh-CN"}


@pytest.fixture
def demo(live_server):
    """Live-server tests run in a transaction that is flushed afterwards: load the demo for each test."""
    from django.core.management import call_command

    call_command("load_demo", stdout=StringIO())
    return live_server


def login(page, base_url, username="kuaiji", password=""):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password or f"{username}-2021-demo")
    page.click("form.login button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)  # each lands where their work is


@pytest.fixture(autouse=True)
def no_content_security_policy_violation(page):
    """Every page the browser tests visit works under the site's Content Security Policy."""
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield
    assert violations == []
