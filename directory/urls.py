from django.urls import path

from directory import views

app_name = "units"
urlpatterns = [
    path("", views.unit_list, name="list"),
    # Fixed paths first, so no unit code can ever shadow them.
    path("groups/template.csv", views.groups_template_csv, name="groups_template_csv"),
    path("groups/template.xlsx", views.groups_template_xlsx, name="groups_template_xlsx"),
    path("<str:code>/", views.unit_detail, name="detail"),
    path("<str:code>/groups/import/", views.groups_import, name="groups_import"),
    path("<str:code>/groups/merge/", views.groups_merge, name="groups_merge"),
    path("<str:code>/groups/<str:group>/split/", views.group_split, name="group_split"),
]
