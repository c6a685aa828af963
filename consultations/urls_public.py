"""Residents' short links (/y/<token>/): printed on QR sheets, opened without login."""

from django.urls import path

from consultations import views_public

app_name = "answer"
urlpatterns = [
    path("<str:token>/", views_public.group, name="group"),
    path("<str:token>/thanks/", views_public.thanks, name="thanks"),
]
