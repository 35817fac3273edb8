from django.urls import path

from . import views

app_name = "catalogue"

urlpatterns = [
    path("<int:product_id>/", views.review_create, name="review_create"),
]
