from django.urls import URLPattern, path

from reports import views_reports as v

urlpatterns: list[URLPattern] = [
    path("", v.periods, name="periods"),
    path("open/", v.period_open, name="period_open"),
    path("ad-hoc/", v.period_ad_hoc, name="period_ad_hoc"),
    path("r/<id:pk>/", v.report, name="report"),
    path("r/<id:pk>/attach/", v.report_attach, name="report_attach"),
    path("r/<id:pk>/return/", v.report_return, name="report_return"),
    path("r/<id:pk>/accept/", v.report_accept, name="report_accept"),
    path("periods/<id:pk>/board/", v.board, name="board"),
    path("periods/<id:pk>/overdue.xlsx", v.overdue_xlsx, name="overdue_xlsx"),
    path("notifications/", v.notifications, name="notifications"),
]
