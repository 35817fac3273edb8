from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core.views import csrf_token

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/orders/", include("commerce.orders.account_urls")),
    path("accounts/", include("commerce.accounts.urls")),
    path("cart/", include("commerce.cart.urls")),
    path("checkout/", include("commerce.checkout.urls")),
    path("payments/", include("commerce.payments.urls")),
    path("paypal/", include("commerce.payments.ipn_urls")),
    path("reviews/", include("reviews.urls")),
    path("chat/", include("livechat.urls")),
    path("csrf/", csrf_token, name="csrf_token"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
