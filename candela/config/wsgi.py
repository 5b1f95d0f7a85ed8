"""The WSGI application that serves pages and the REST API (granian in production)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "candela.config.settings")
application = get_wsgi_application()
# Everything loaded so far (Django, the URL map, the apps) lives as long as the process: moved
# out of the collector's sight, a full collection no longer walks it in the middle of a request.
gc.freeze()
