"""WSGI entry point: the pages, as the Procfile's `web` process (gunicorn) serves them."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_project.settings.production")
application = get_wsgi_application()

from site_project.shutdown import close_database_pools_at_exit  # noqa: E402

close_database_pools_at_exit()
# As in asgi.py: what startup made is frozen out of the collector's full passes, each of which
# otherwise walked ~240,000 objects for 130-240 ms in the middle of some request.
gc.freeze()
