from django.urls import path

from . import views

urlpatterns = [
    path("json", views.json_view),
    path("plaintext", views.plaintext),
    path("fortunes", views.fortunes),
]
