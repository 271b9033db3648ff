"""gunicorn's settings for the app servers: `gunicorn zhuanji.wsgi`, run from the project root, reads this file.

gunicorn writes a `Server: gunicorn` line itself, after Django has answered, and has no setting to leave it
out; the lines below drop it, so no response names the software behind it (tests/common/test_headers.py).
"""

from gunicorn.http import wsgi as _wsgi

pythonpath = "src"

_default_headers = _wsgi.Response.default_headers


def _default_headers_without_server(self):
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


_wsgi.Response.default_headers = _default_headers_without_server
