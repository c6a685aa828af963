from django.urls import URLPattern, path

from facilities import views_equipment as views

urlpatterns: list[URLPattern] = [
    path("equipment/", views.overview, name="equipment_overview"),
    path("equipment/overview.xlsx", views.overview_export, name="equipment_overview_export"),
    path("equipment/catalogue/", views.catalogue, name="catalogue"),
    path("equipment/catalogue/import/", views.catalogue_import, name="catalogue_import"),
    path("equipment/catalogue.xlsx", views.catalogue_export, name="catalogue_export"),
    path("equipment/catalogue-template.xlsx", views.catalogue_template,
         name="catalogue_template"),
    path("equipment/inventory.xlsx", views.inventory_export, name="inventory_export"),
    path("equipment/inventory/import/", views.inventory_import, name="inventory_import"),
    path("<str:code>/equipment/", views.inventory, name="inventory"),
    path("<str:code>/procurement/", views.procurement, name="procurement"),
    path("<str:code>/procurement/<id:pk>/", views.procurement_edit, name="procurement_edit"),
    path("<str:code>/procurement/<id:pk>/delete/", views.procurement_delete,
         name="procurement_delete"),
]
