"""An HTTPS site can keep its session and CSRF cookies off plain HTTP with one variable."""

import json
import os
import subprocess
import sys

SCRIPT = (
    "import json; from django.conf import settings as s;"
    "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
    " s.SESSION_COOKIE_HTTPONLY, s.X_FRAME_OPTIONS, s.SECURE_CONTENT_TYPE_NOSNIFF]))"
)


def settings_under(tmp_path, **env) -> list:
    environment = {k: v for k, v in os.environ.items() if k != "FICARCHIVE_HTTPS"}
    environment.update(FICARCHIVE_DATA=str(tmp_path), **env)
    environment["DJANGO_SETTINGS_MODULE"] = "ficarchive.site.settings"
    code = f"import django; django.setup(); {SCRIPT}"
    out = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_https_flag_makes_cookies_secure(tmp_path):
    """FICARCHIVE_HTTPS=1 marks both cookies Secure and sends HSTS."""
    secure_session, secure_csrf, hsts, *_ = settings_under(tmp_path, FICARCHIVE_HTTPS="1")
    assert secure_session
    assert secure_csrf
    assert hsts > 0


def test_plain_defaults_keep_local_http_working(tmp_path):
    """Without the flag cookies work over http://localhost; the other headers are always on."""
    assert settings_under(tmp_path) == [False, False, 0, True, "DENY", True]
