from django.conf import settings


def store(request):
    return {"currency": settings.STORE_CURRENCY}
