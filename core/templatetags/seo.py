from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, url=""):
    """`url` (a path, or already absolute, e.g. on a CDN) as an absolute URL; the page's own without query."""
    request = context["request"]
    return request.build_absolute_uri(url or request.path)
