"""Page-model mixins that spare every storefront render the queries Wagtail repeats on each request,
by reading what rarely changes from the data kept with the cached pages (core.pagecache.shared),
which publishing, moving or restricting a page purges (core.signals)."""

from wagtail.models import PageViewRestriction

from .pagecache import keeps_shared_data, shared
from .selectors import private_sections


class SharedViewRestrictionsMixin:
    """Wagtail asks every page served for the view restrictions of it and its ancestors (two
    queries); a shop with no private section at all has none to check."""

    def get_view_restrictions(self):
        if not private_sections():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class SharedChildRoutingMixin:
    """Routes to this page's children (the site's few top-level sections: shop, content pages)
    from the shared data instead of Wagtail's two queries per request (the child, then its
    specific object)."""

    def route(self, request, path_components):
        # Every child's specific page (a query per page type) is worth reading only to keep: with
        # the page cache off, Wagtail's lookup of the one child wanted costs fewer queries.
        if path_components and keeps_shared_data():
            children = shared(f"page-children:{self.pk}", self._children_by_slug)
            child = children.get(path_components[0])
            if child is not None:
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def _children_by_slug(self) -> dict:
        return {child.slug: child for child in self.get_children().specific()}
