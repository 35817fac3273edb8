from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from core.views import csrf_token, favicon_ico, robots_txt

# Admin screens whose app moved (store settings to core, reviews to their own app): old
# bookmarks and links land on the new screen.
MOVED_ADMIN_SCREENS = [
    ("admin/settings/home/storesettings/", "/admin/settings/core/storesettings/"),
    ("admin/snippets/catalogue/review/", "/admin/snippets/reviews/review/"),
]

urlpatterns = [
    path("sitemap.xml", sitemap, name="sitemap"),  # Wagtail's: live, public pages of the request's site
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon_ico, name="favicon_ico"),
    *(
        path(f"{old}<path:rest>", RedirectView.as_view(url=f"{new}%(rest)s", permanent=True, query_string=True))
        for old, new in MOVED_ADMIN_SCREENS
    ),
    *(path(old, RedirectView.as_view(url=new, permanent=True, query_string=True)) for old, new in MOVED_ADMIN_SCREENS),
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
