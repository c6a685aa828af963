from django.urls import URLPattern, path

from reports import views_reports as v

urlpatterns: list[URLPattern] = [
    path("", v.periods, name="periods"),
    path("open/", v.period_open, name="period_open"),
    path("ad-hoc/", v.period_ad_hoc, name="period_ad_hoc"),
    path("r/<int:pk>/", v.report, name="report"),
    path("r/<int:pk>/attach/", v.report_attach, name="report_attach"),
    path("r/<int:pk>/return/", v.report_return, name="report_return"),
    path("r/<int:pk>/accept/", v.report_accept, name="report_accept"),
    path("periods/<int:pk>/board/", v.board, name="board"),
    path("periods/<int:pk>/overdue.xlsx", v.overdue_xlsx, name="overdue_xlsx"),
    path("notifications/", v.notifications, name="notifications"),
]
