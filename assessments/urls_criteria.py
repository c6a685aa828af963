from django.urls import path

from assessments import views_criteria as views

app_name = "criteria"
urlpatterns = [
    path("", views.criteria_list, name="list"),
    path("import/", views.criteria_import, name="import"),
    path("template.xlsx", views.criteria_template, name="template"),
    path("<id:pk>/", views.criteria_detail, name="detail"),
    path("<id:pk>/edit/", views.criteria_edit, name="edit"),
    path("<id:pk>/import/", views.criteria_replace, name="replace"),
    path("<id:pk>/copy/", views.criteria_copy, name="copy"),
    path("<id:pk>/export.xlsx", views.criteria_export, name="export"),
]
