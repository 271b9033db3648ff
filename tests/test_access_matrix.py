"""Every named URL of the platform has a row in its app's access matrix (tests/<app>/test_access.py).

Each app's matrix test asserts who gets 200/302/403/404; this one makes sure no app, and no URL added
later, is left out of them.
"""

from importlib import import_module

from django.urls import URLPattern, URLResolver, get_resolver

# Platform-wide URLs outside any app namespace, with the test that covers each.
PROJECT_URLS = {
    "healthz": "tests/portal/test_views.py (health check)",
}
# Third-party URLs (django-simple-captcha's images, django-ninja's API): the libraries' views, covered by
# their own tests; our API endpoints are tested in each app's test_api.py.
THIRD_PARTY_MODULES = ("captcha.",)
THIRD_PARTY_NAMESPACES = {"api"}


def _named_urls():
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            module = getattr(entry.urlconf_module, "__name__", "")
            if entry.namespace in THIRD_PARTY_NAMESPACES or module.startswith(THIRD_PARTY_MODULES):
                continue
            for pattern in entry.url_patterns:
                if isinstance(pattern, URLPattern) and pattern.name:
                    yield entry.namespace, pattern.name
        elif isinstance(entry, URLPattern) and entry.name:
            yield None, entry.name


def test_every_named_url_is_in_an_access_matrix():
    missing = []
    for namespace, name in _named_urls():
        if namespace is None:
            if name not in PROJECT_URLS:
                missing.append(name)
            continue
        matrix = import_module(f"tests.{namespace}.test_access").MATRIX
        if name not in matrix and f"{namespace}:{name}" not in matrix:
            missing.append(f"{namespace}:{name}")
    assert not missing, f"URLs without an access-matrix row: {missing}"


def test_every_app_namespace_has_an_access_matrix():
    namespaces = {ns for ns, _ in _named_urls() if ns}
    assert namespaces >= {"accounts", "orgs", "catalog", "reviews", "certificates", "hours", "audit", "portal"}
    for namespace in namespaces:
        assert hasattr(import_module(f"tests.{namespace}.test_access"), "MATRIX")
