"""Content-Security-Policy: the site's own policy, and the Wagtail admin's allowances.

Storefront pages run only our own script files (static/js, no inline script or style
attributes), connect only to their own host (fetch and the chat and order-status websockets:
CSP 3 lets 'self' match ws:/wss: on the same host), and post forms only to themselves and PayPal.
Wagtail's admin sets style attributes from its own code, its page editor runs inline scripts,
and its image tools read data: and blob: URLs, so /admin/ pages add those, and nothing else.

The two policies are built once per process and reused: nothing here uses a nonce or a view's own
policy, and django-csp builds the header anew for every response (a fifth of the time a page
served from the page cache took). A response that does use either is built the library's way.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.functional import SimpleLazyObject

POLICY_HEADERS = ("Content-Security-Policy",)  # and its -Report-Only twin
_built_headers: dict[bool, list[tuple[str, str]]] = {}


@receiver(setting_changed, dispatch_uid="site_project.csp.forget_built_headers")
def _forget_built_headers(setting, **kwargs):
    if "CONTENT_SECURITY_POLICY" in setting or setting in {"WAGTAILADMIN_PATH", "DEBUG"}:
        _built_headers.clear()


class SiteCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        admin = request.path.startswith(settings.WAGTAILADMIN_PATH)
        if admin and getattr(response, "_csp_update", None) is None:
            response._csp_update = settings.CONTENT_SECURITY_POLICY_ADMIN_ALLOWANCES
        if settings.DEBUG or _own_policy(request, response, admin=admin):
            return super().process_response(request, response)
        headers = _built_headers.get(admin)
        if headers is None:
            blank = HttpResponse()
            if admin:
                blank._csp_update = settings.CONTENT_SECURITY_POLICY_ADMIN_ALLOWANCES
            built = super().process_response(request, blank)
            headers = _built_headers[admin] = [(h, v) for h, v in built.items() if h.startswith(POLICY_HEADERS)]
        for header, value in headers:
            response.headers.setdefault(header, value)
        # As the library does once the header is written: a nonce asked for now would not be in it.
        request.csp_nonce = SimpleLazyObject(self._csp_nonce_post_response)
        return response


def _own_policy(request, response, *, admin: bool) -> bool:
    """A nonce was used, or a view set a policy of its own (django-csp's decorators)."""
    if getattr(request, "_csp_nonce", None) is not None:
        return True
    ours = {"_csp_update"} if admin else set()
    return any(name.startswith("_csp_") and name not in ours for name in vars(response))
