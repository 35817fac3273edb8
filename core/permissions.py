from wagtail.permission_policies import ModelPermissionPolicy


class RefusingPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, except `refused` actions, which nobody may take in the admin: rows
    that only the shop's own flows create or remove (orders, payments, stock records, reviews)."""

    def __init__(self, model, *, refused: frozenset[str] = frozenset({"add", "delete"}), **kwargs):
        super().__init__(model, **kwargs)
        self.refused = refused

    def user_has_permission(self, user, action):
        if action in self.refused:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)
