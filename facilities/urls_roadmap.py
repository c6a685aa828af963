from django.urls import URLPattern, path

from facilities import views_roadmap

urlpatterns: list[URLPattern] = [
    path("roadmap/", views_roadmap.roadmap, name="roadmap"),
]
