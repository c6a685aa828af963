"""Headquarters, equipment and the road to 2030, under /api/v1/."""

from django.urls import path

from api import views_facilities

urlpatterns = [
    path("headquarters/", views_facilities.HeadquartersList.as_view(),
         name="headquarters_list"),
    path("headquarters/<id:id>/", views_facilities.HeadquartersDetail.as_view(),
         name="headquarters_detail"),
    path("equipment-items/", views_facilities.EquipmentItemList.as_view(),
         name="equipment_item_list"),
    path("inventories/", views_facilities.InventoryList.as_view(), name="inventory_list"),
    path("equipment-gaps/", views_facilities.EquipmentGapList.as_view(),
         name="equipment_gap_list"),
    path("roadmap/", views_facilities.Roadmap.as_view(), name="roadmap"),
]
