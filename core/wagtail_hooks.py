from wagtail import hooks

from .models import StoreSettings
from .realtime import CUSTOMER_CHAT, revoke_feature


@hooks.register("after_edit_setting")
def revoke_customer_chat_when_switched_off(request, setting):
    # Settings › Store settings saves the form itself; customer chat switched off there closes
    # every open customer chat socket, as livechat's set_chat_enabled does.
    if isinstance(setting, StoreSettings) and not setting.chat_enabled:
        revoke_feature(CUSTOMER_CHAT)
