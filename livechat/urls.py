app_name = "livechat"

urlpatterns = []
