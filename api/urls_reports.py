"""Addresses of the periodic reports' operations (under /api/v1/)."""

from django.urls import URLPattern, path

from api import views_reports as v

urlpatterns: list[URLPattern] = [
    path("reporting-periods/", v.PeriodList.as_view(), name="reporting_period_list"),
    path("reports/", v.ReportList.as_view(), name="report_list"),
    path("reports/<id:id>/", v.ReportDetail.as_view(), name="report_detail"),
]
