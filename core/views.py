from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def csrf_token(request):
    """This visitor's CSRF token (and cookie), for forms on pages served from the page cache."""
    response = JsonResponse({"token": get_token(request)})
    response["Cache-Control"] = "private, no-store"
    return response
