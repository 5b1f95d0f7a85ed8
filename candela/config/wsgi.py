"""The WSGI application that serves pages and the REST API (granian in production)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "candela.config.settings")
application = get_wsgi_application()
