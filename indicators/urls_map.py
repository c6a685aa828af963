from django.urls import URLPattern, path

from indicators import views_map

urlpatterns: list[URLPattern] = [
    path("map/", views_map.map_view, name="map"),
    path("map/boundaries/", views_map.boundaries, name="boundaries"),
]
