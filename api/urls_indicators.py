from django.urls import path

from api import views_indicators

urlpatterns = [
    path("indicators/", views_indicators.IndicatorList.as_view(), name="indicator_list"),
    path("indicator-values/", views_indicators.IndicatorValueList.as_view(),
         name="indicator_value_list"),
    path("indicator-totals/", views_indicators.IndicatorTotalList.as_view(),
         name="indicator_total_list"),
]
