"""Issue 10 §11 and §12: CSP with nonces and no inline handlers, no-store for signed-in users, no Server banner,
the API docs from our own static files, and an absolute session lifetime."""

import http.client
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse

from zhuanji.common.security import LOGIN_AT_KEY

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "zhuanji"
# An attribute that runs script (onclick=, onsubmit= …) or a javascript: URL, in a template or a page.
INLINE_HANDLER = re.compile(r"""<[^>]*\s(on[a-z]+)\s*=|(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)


def inline_scripts_without_nonce(html: str) -> list[str]:
    """Every <script> that runs inline code and carries no nonce (src= files and JSON data blocks are fine)."""
    return [attrs for attrs in SCRIPT_TAG.findall(html)
            if "src=" not in attrs and "nonce=" not in attrs and "application/json" not in attrs]


def test_no_template_has_an_inline_handler_or_a_script_without_nonce():
    offenders = []
    for path in SRC.rglob("*.html"):
        text = path.read_text()
        offenders += [f"{path.relative_to(SRC)}: {m.group(0)[:60]}" for m in INLINE_HANDLER.finditer(text)]
        offenders += [f"{path.relative_to(SRC)}: <script{attrs}>" for attrs in inline_scripts_without_nonce(text)]
    assert offenders == []


def csp_of(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";")}


@pytest.mark.django_db
def test_every_page_has_a_csp_with_a_fresh_nonce(client):
    first, second = client.get("/"), client.get("/")
    policy = csp_of(first)
    nonce = re.search(r"'nonce-([^']+)'", policy["script-src"]).group(1)
    assert len(nonce) >= 16 and nonce not in second.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert policy["default-src"] == "default-src 'self'" and policy["object-src"] == "object-src 'none'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'" and policy["base-uri"] == "base-uri 'self'"
    assert policy["form-action"] == "form-action 'self'"
    assert first.headers["X-Frame-Options"] == "DENY"
    assert first.wsgi_request.csp_nonce == nonce


PAGES = {
    "anonymous": ("portal:home", "accounts:login", "certificates:verify"),
    "person": ("portal:matrix", "hours:list", "certificates:mine", "accounts:profile"),
    "unit_admin": ("portal:matrix", "reviews:inbox", "orgs:users"),
    "platform_admin": ("portal:matrix", "orgs:org_list", "integrations:client_list"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", list(PAGES))
def test_rendered_pages_carry_no_inline_script_or_handler(login, world, persona):
    client = login(None if persona == "anonymous" else getattr(world, persona))
    for url in map(reverse, PAGES[persona]):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert inline_scripts_without_nonce(html) == [], url
        assert not INLINE_HANDLER.search(html), (url, INLINE_HANDLER.search(html))


@pytest.mark.django_db
def test_signed_in_pages_are_not_stored(login, world):
    anonymous = login(None).get(reverse("portal:home"))
    assert "no-store" not in anonymous.headers.get("Cache-Control", "")
    client = login(world.person)
    for url in (reverse("portal:matrix"), reverse("accounts:profile"), reverse("portal:home")):
        cache_control = client.get(url).headers["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, url


@pytest.mark.django_db
def test_a_session_ends_at_its_absolute_lifetime_however_active(client, world, settings):
    from tests.factories import PASSWORD

    settings.SESSION_ABSOLUTE_SECONDS = 3600
    response = client.post(reverse("accounts:login"), {"identifier": world.person.username, "password": PASSWORD,
                                                       "captcha_0": "test", "captcha_1": "PASSED"})
    assert response.status_code == 302
    login_at = client.session[LOGIN_AT_KEY]
    assert abs(login_at - time.time()) < 60
    assert client.get(reverse("portal:matrix")).status_code == 200  # active within the limit: still signed in

    session = client.session
    session[LOGIN_AT_KEY] = login_at - 3600  # signed in an hour ago, busy ever since
    session.save()
    response = client.get(reverse("portal:matrix"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
    assert client.post(reverse("accounts:keepalive")).status_code == 401  # the idle warning cannot extend it


@pytest.mark.django_db
def test_a_session_without_a_login_time_starts_counting(login, world):
    client = login(world.person)
    session = client.session
    session.pop(LOGIN_AT_KEY, None)
    session.save()
    assert client.get(reverse("portal:matrix")).status_code == 200
    assert isinstance(client.session[LOGIN_AT_KEY], int)


@pytest.mark.django_db
def test_the_api_docs_load_swagger_from_our_own_static_files(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert any("swagger-ui-bundle.js" in s for s in sources)
    assert all(s.startswith("/static/") for s in sources), sources
    assert "cdn" not in html.lower()
    assert inline_scripts_without_nonce(html) == []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_sends_no_server_banner(tmp_path):
    """The production server, started as the README says, names no software in its responses."""
    port = free_port()
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT),
           "ZHUANJI_VAR_DIR": str(tmp_path)}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1",
                               "zhuanji.wsgi"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                connection.request("GET", "/favicon.ico")
                response = connection.getresponse()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
            finally:
                connection.close()
        assert response.status == 301  # Django answered, through gunicorn
        assert response.getheader("Server") is None, response.getheader("Server")
        assert response.getheader("Date")
    finally:
        server.terminate()
        server.wait(timeout=30)
