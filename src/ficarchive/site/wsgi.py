"""WSGI entry point for gunicorn (`ficarchive serve`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ficarchive.site.settings")
application = get_wsgi_application()
