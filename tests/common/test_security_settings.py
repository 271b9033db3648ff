"""Issue 10 §1 and §11: safe defaults. Settings are loaded in a fresh interpreter with a chosen environment."""

import json
import os
import subprocess
import sys
from importlib import reload
from pathlib import Path

import pytest
from django.core.management import get_commands
from django.urls import Resolver404, clear_url_caches, resolve

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_ENV = ("ZHUANJI_ENV", "DEBUG", "SECRET_KEY", "CERTIFICATE_KEY_PASSPHRASE", "PUBLIC_BASE_URL",
                "ALLOWED_HOSTS", "HTTPS", "TRUSTED_PROXY_COUNT", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
PRODUCTION = {
    "ZHUANJI_ENV": "production",
    "SECRET_KEY": "k3y-" + "abcdefghij" * 6,
    "CERTIFICATE_KEY_PASSPHRASE": "a passphrase nobody knows",
    "PUBLIC_BASE_URL": "https://zhuanji.example.gov.cn",
    "ALLOWED_HOSTS": "zhuanji.example.gov.cn",
}
SHOWN = ("DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
         "SECURE_HSTS_INCLUDE_SUBDOMAINS", "ALLOWED_HOSTS", "SECRET_KEY", "X_FRAME_OPTIONS")


def environment(**values) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_ENV}
    env["ZHUANJI_VAR_DIR"] = os.environ.get("ZHUANJI_VAR_DIR", str(ROOT / "var"))
    env.update({k: v for k, v in values.items() if v is not None})
    return env


def load(**values) -> subprocess.CompletedProcess:
    """zhuanji.settings imported with exactly these environment values (None leaves one out)."""
    code = f"import json, zhuanji.settings as s; print(json.dumps({{n: getattr(s, n) for n in {SHOWN!r}}}))"
    return subprocess.run([sys.executable, "-c", code], env=environment(**values), cwd=ROOT / "src",
                          capture_output=True, text=True, timeout=60)


def loaded(**values) -> dict:
    result = load(**values)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("name", ["SECRET_KEY", "CERTIFICATE_KEY_PASSPHRASE", "PUBLIC_BASE_URL", "ALLOWED_HOSTS"])
def test_production_will_not_start_without_a_required_setting(name):
    result = load(**{**PRODUCTION, name: None})
    assert result.returncode != 0
    assert f"{name} is required when ZHUANJI_ENV=production" in result.stderr


def test_production_is_the_default_and_refuses_the_demo_values():
    result = load(ZHUANJI_ENV=None)
    assert result.returncode != 0 and "SECRET_KEY is required" in result.stderr
    demo_key = "dev-only-insecure-key-do-not-use-in-production"
    assert "SECRET_KEY is required" in load(**{**PRODUCTION, "SECRET_KEY": demo_key}).stderr
    assert "at least 50 characters" in load(**{**PRODUCTION, "SECRET_KEY": "short"}).stderr
    assert "PUBLIC_BASE_URL must be" in load(**{**PRODUCTION, "PUBLIC_BASE_URL": "http://zhuanji.example"}).stderr
    assert "not *" in load(**{**PRODUCTION, "ALLOWED_HOSTS": "*"}).stderr
    assert "DEBUG must be off" in load(**PRODUCTION, DEBUG="True").stderr
    assert "HTTPS cannot be turned off" in load(**PRODUCTION, HTTPS="False").stderr


def test_debug_is_off_unless_set():
    assert loaded(ZHUANJI_ENV="development")["DEBUG"] is False
    assert loaded(ZHUANJI_ENV="development", DEBUG="True")["DEBUG"] is True


def test_secure_cookies_hsts_and_https_redirect_whenever_debug_is_off():
    for values in (PRODUCTION, {"ZHUANJI_ENV": "development"}):
        s = loaded(**values)
        assert s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"] and s["SECURE_SSL_REDIRECT"]
        assert s["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600 and s["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
        assert s["X_FRAME_OPTIONS"] == "DENY"
    demo = loaded(ZHUANJI_ENV="development", DEBUG="True")
    assert not demo["SECURE_SSL_REDIRECT"] and not demo["SESSION_COOKIE_SECURE"] and demo["SECURE_HSTS_SECONDS"] == 0
    assert loaded(**PRODUCTION)["ALLOWED_HOSTS"] == ["zhuanji.example.gov.cn"]


def test_check_deploy_passes_with_production_settings(tmp_path):
    env = environment(**PRODUCTION, CERTIFICATE_KEY_DIR=str(tmp_path / "keys"))
    if "certificate_keys" in get_commands():  # production needs its signing key store, made once (README)
        subprocess.run([sys.executable, "manage.py", "certificate_keys", "init"], env=env, cwd=ROOT, check=True,
                       capture_output=True, timeout=120)
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_no_url_serves_media_even_with_debug(settings):
    import zhuanji.urls

    settings.DEBUG = True
    try:
        reload(zhuanji.urls)
        clear_url_caches()
        with pytest.raises(Resolver404):
            resolve(f"{settings.MEDIA_URL}photos/someone.jpg", urlconf=zhuanji.urls)
    finally:
        settings.DEBUG = False
        reload(zhuanji.urls)
        clear_url_caches()


@pytest.mark.django_db
def test_a_404_does_not_list_the_url_patterns(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "URLconf" not in html and "api/v1/" not in html


@pytest.mark.django_db
def test_https_redirect_and_hsts_when_on(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/")
    assert response.status_code == 301 and response.url.startswith("https://")
    assert client.get("/healthz").status_code != 301  # the load balancer's probe stays on plain HTTP
    secure = client.get("/", secure=True)
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")
