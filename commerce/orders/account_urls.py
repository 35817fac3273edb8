app_name = "account_orders"

urlpatterns = []
