from django.urls import URLPattern

app_name = "answer"
urlpatterns: list[URLPattern] = []
