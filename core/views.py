from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

# Pages that are personal or transactional: nothing there for a search engine.
PRIVATE_PATHS = ("/admin/", "/accounts/", "/cart/", "/checkout/", "/payments/", "/paypal/", "/chat/")


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in PRIVATE_PATHS)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@never_cache
@require_GET
def csrf_token(request):
    """This visitor's CSRF token (and cookie), for forms on pages served from the page cache."""
    response = JsonResponse({"token": get_token(request)})
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def favicon_ico(request):
    """/favicon.ico, which browsers and feed readers ask for whatever the page links: the static icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.ico"))
