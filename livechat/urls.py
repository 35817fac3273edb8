from django.urls import path

from . import views

app_name = "livechat"

urlpatterns = [
    path("session/", views.chat_session, name="session"),
]
