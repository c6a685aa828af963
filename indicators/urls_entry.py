from django.urls import URLPattern, path

from indicators import views_entry

urlpatterns: list[URLPattern] = [
    path("definitions/", views_entry.definitions, name="definitions"),
    path("import/", views_entry.import_values, name="import"),
    path("import/template.csv", views_entry.import_template_csv, name="import_template_csv"),
    path("import/template.xlsx", views_entry.import_template_xlsx, name="import_template_xlsx"),
    path("<str:code>/entry/", views_entry.entry, name="entry"),
]
