from django.urls import path

from .views import paypal_ipn

# Keeps django-paypal's URL name, so anything reversing "paypal-ipn" finds our view.
urlpatterns = [path("", paypal_ipn, name="paypal-ipn")]
