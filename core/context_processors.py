from django.conf import settings


def store(request):
    return {"currency": settings.STORE_CURRENCY, "websocket_origin": settings.WEBSOCKET_ORIGIN}
