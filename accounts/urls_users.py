from django.urls import path

from accounts import views_users as views

app_name = "users"
urlpatterns = [
    path("", views.user_list, name="list"),
    path("new/", views.user_create, name="create"),
    path("<id:pk>/", views.user_detail, name="detail"),
    path("<id:pk>/active/", views.user_set_active, name="set_active"),
    path("<id:pk>/password/", views.user_set_password, name="set_password"),
    path("<id:pk>/two-factor/reset/", views.user_reset_two_factor, name="reset_two_factor"),
    path("<id:pk>/unlock/", views.user_unlock, name="unlock"),
    path("roles/<id:pk>/revoke/", views.role_revoke, name="revoke"),
    path("<id:pk>/api-keys/", views.api_key_issue, name="api_key_issue"),
    path("<id:pk>/api-keys/<id:key_pk>/revoke/", views.api_key_revoke, name="api_key_revoke"),
]
