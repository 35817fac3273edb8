from functools import wraps

from django.core.exceptions import PermissionDenied
from wagtail.admin.search import SearchArea
from wagtail.users.views.groups import GroupViewSet
from wagtail.users.views.users import UserViewSet


def superuser_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class SuperuserOnlyViewSetMixin:
    def construct_view(self, view_class, **kwargs):
        return superuser_only(super().construct_view(view_class, **kwargs))


class SuperuserOnlyUserViewSet(SuperuserOnlyViewSetMixin, UserViewSet):
    @property
    def search_area_class(self):
        class UsersSearchArea(SearchArea):
            def is_shown(search_area, request):
                return request.user.is_superuser

        return UsersSearchArea


class SuperuserOnlyGroupViewSet(SuperuserOnlyViewSetMixin, GroupViewSet):
    pass
