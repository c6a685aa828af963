from django.urls import path

from movement import views

app_name = "movement"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("kinds/", views.model_types, name="types"),
    path("ward/<str:code>/<id:year>/", views.ward, name="ward"),
    path("ward/<str:code>/<id:year>/register/", views.register, name="register"),
    path("ward/<str:code>/<id:year>/recognise/", views.recognise, name="recognise"),
    path("ward/<str:code>/<id:year>/group/<id:group>/", views.assess_group,
         name="assess_group"),
    path("ward/<str:code>/<id:year>/results.xlsx", views.results_xlsx, name="results_xlsx"),
    path("ward/<str:code>/<id:year>/import/", views.results_import, name="results_import"),
    path("ward/<str:code>/models/new/", views.model_new, name="model_new"),
    path("assessment/<id:pk>/", views.assess, name="assess"),
    path("assessment/<id:pk>/decide/", views.decide, name="decide"),
    path("model/<id:pk>/", views.model_edit, name="model_edit"),
    path("model/<id:pk>/review/", views.model_review, name="model_review"),
]
