"""Pages for residents and the press: no login, nothing personal."""

from django.urls import path

from assessments import views_public

app_name = "public"
urlpatterns = [
    path("recognised/", views_public.recognised, name="recognised"),
]
