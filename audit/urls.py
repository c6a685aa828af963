from django.urls import path

from audit import views

app_name = "audit"
# Read-only by design: there is no view that edits or deletes an entry.
urlpatterns = [path("", views.audit_list, name="list")]
