"""Attacks on the production configuration (gunicorn behind the nginx of deploy/nginx.conf): login throttling keyed on
the real client address; a request naming a host this site does not serve; the public site's address required."""
import json
import re
import subprocess
import sys

import pytest
from django.test import Client

from tests.helpers import ROOT, production, production_environment

NGINX = ROOT / "deploy" / "nginx.conf"
ATTACKER, VISITOR = "203.0.113.66", "198.51.100.23"


# How gunicorn receives X-Forwarded-For with one proxy (nginx replaces the client's header with the address it saw)
# and with two (a load balancer appends the client's address to whatever the client sent, nginx appends the balancer's).
PROXIES = {1: lambda client, sent: client, 2: lambda client, sent: ", ".join([*sent, client, "10.0.0.2"])}


@pytest.fixture(scope="module", params=sorted(PROXIES))
def proxies(request) -> tuple:
    """How many proxies, and what config/settings/prod.py then sets for finding the client's address (django-axes
    reads it through django-ipware), read from the production settings themselves."""
    values = json.loads(production(
        "from django.conf import settings as s; import json; print(json.dumps({n: getattr(s, n) for n in dir(s) "
        "if n.startswith(('AXES_IPWARE_', 'IPWARE_'))}))", JUESUAN_PROXY_COUNT=str(request.param)))
    return request.param, values


def login_through_proxies(count: int, client_address: str, password: str, attempt: int = 0):
    """A login as gunicorn receives it: the connection comes from nginx on this host, the client's address is in the
    header the proxies set (a client may send its own X-Forwarded-For, different at every attempt)."""
    forwarded = PROXIES[count](client_address, [f"192.0.2.{n}" for n in range(attempt)])
    return Client().post("/accounts/login/", {"username": "kuaiji", "password": password},
                         REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)


def test_an_anonymous_attacker_behind_the_proxies_locks_out_only_himself(db, settings, proxies):
    count, values = proxies
    settings.AXES_ENABLED = True
    for name, value in values.items():
        setattr(settings, name, value)
    for attempt in range(5):
        assert login_through_proxies(count, ATTACKER, "guess-wrong", attempt).status_code in (200, 429)
    assert login_through_proxies(count, VISITOR, "kuaiji-2021-demo", 9).status_code == 302  # the owner still logs in
    assert login_through_proxies(count, ATTACKER, "kuaiji-2021-demo", 7).status_code == 429  # the attacker is locked
    # The documented nginx replaces whatever the client sent in the headers the application could trust.
    proxy = NGINX.read_text(encoding="utf-8")
    assert re.search(r"proxy_set_header\s+X-Forwarded-For\s+\$remote_addr;", proxy)
    assert re.search(r"proxy_set_header\s+X-Real-IP\s+\$remote_addr;", proxy)


@pytest.mark.parametrize("redirect_to_https", [False, True])  # production redirects plain HTTP first (prod.py)
def test_a_host_this_site_does_not_serve_is_a_bad_request_not_an_error(client, db, settings, redirect_to_https):
    settings.SECURE_SSL_REDIRECT = redirect_to_https
    client.raise_request_exception = False
    response = client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400 and "请求无效" in response.content.decode()


@pytest.mark.parametrize("site_url", ["", "juesuan.example.cn", "https://juesuan.example.cn/portal/"])
def test_production_refuses_to_start_without_the_public_site_address(site_url):
    """Absolute links of cached pages come from JUESUAN_SITE_URL (a request's Host would reach every visitor)."""
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, capture_output=True, text=True,
                            env=production_environment(JUESUAN_SITE_URL=site_url))
    assert result.returncode != 0 and "JUESUAN_SITE_URL" in result.stderr
