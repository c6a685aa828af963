from django.urls import URLPattern, path

from reports import views_plans

# Included by reports/urls.py under app_name "reports".
urlpatterns: list[URLPattern] = [
    path("plans/", views_plans.plan_list, name="plans"),
    path("plans/import/", views_plans.plan_import, name="plan_import"),
    path("plans/import/template.xlsx", views_plans.plan_template, name="plan_template"),
    path("plans/<id:pk>/", views_plans.plan_detail, name="plan_detail"),
    path("plans/<id:pk>/edit/", views_plans.plan_edit, name="plan_edit"),
]
