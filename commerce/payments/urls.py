from django.urls import path

from . import views
from .standin import stand_in_enabled

app_name = "payments"

urlpatterns = [
    path("<str:reference>/", views.pay, name="pay"),
    path("<str:reference>/return/", views.paypal_return, name="return"),
    path("<str:reference>/thank-you/", views.thank_you, name="thank_you"),
    path("<str:reference>/cancel/", views.paypal_cancel, name="cancel"),
    path("<str:reference>/status/", views.order_payment_status, name="status"),
]

if stand_in_enabled():
    # The PayPal stand-in exists only where it may run (DEBUG and PAYPAL_TEST), decided once at start.
    urlpatterns = [
        path("paypal-stand-in/", views.stand_in_checkout, name="stand_in_checkout"),
        path("paypal-stand-in/pay/", views.stand_in_pay, name="stand_in_pay"),
        path("paypal-stand-in/verify/", views.stand_in_postback, name="stand_in_postback"),
        *urlpatterns,
    ]
