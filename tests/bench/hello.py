"""Django's hello world, the ceiling every target is measured against: one view, no middleware,
no database. `tests.bench.hello:application` (WSGI) and `:asgi_application` (ASGI)."""

import django
from django.conf import settings

settings.configure(DEBUG=False, SECRET_KEY="bench-hello-world", ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__)
django.setup()

from django.core.asgi import get_asgi_application  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def hello(request):
    return HttpResponse("Hello, world")


urlpatterns = [path("", hello)]
application = get_wsgi_application()
asgi_application = get_asgi_application()
