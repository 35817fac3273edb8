"""Content-Security-Policy: the site's own policy, and the Wagtail admin's allowances.

Storefront pages run only our own script files (static/js, no inline script or style
attributes), connect only to their own host (fetch and the chat and order-status websockets:
CSP 3 lets 'self' match ws:/wss: on the same host), and post forms only to themselves and PayPal.
Wagtail's admin sets style attributes from its own code, its page editor runs inline scripts,
and its image tools read data: and blob: URLs, so /admin/ pages add those, and nothing else.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings


class SiteCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if request.path.startswith(settings.WAGTAILADMIN_PATH) and getattr(response, "_csp_update", None) is None:
            response._csp_update = settings.CONTENT_SECURITY_POLICY_ADMIN_ALLOWANCES
        return super().process_response(request, response)
