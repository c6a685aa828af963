from django.urls import path

from accounts import views_audit as views

app_name = "audit"
# Read-only by design: there is no view that edits or deletes an entry.
urlpatterns = [path("", views.audit_list, name="list")]
