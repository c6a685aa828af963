from django.urls import path

from accounts import views_users as views

app_name = "users"
urlpatterns = [
    path("", views.user_list, name="list"),
    path("new/", views.user_create, name="create"),
    path("<int:pk>/", views.user_detail, name="detail"),
    path("<int:pk>/active/", views.user_set_active, name="set_active"),
    path("<int:pk>/password/", views.user_set_password, name="set_password"),
    path("<int:pk>/two-factor/reset/", views.user_reset_two_factor, name="reset_two_factor"),
    path("<int:pk>/unlock/", views.user_unlock, name="unlock"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="revoke"),
]
