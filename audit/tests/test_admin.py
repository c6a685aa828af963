import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEntry
from testing.clients import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return User.objects.create_superuser("quan.tri", "qt@example.com", "mật-khẩu-đủ-dài-1")


@pytest.fixture
def entry():
    return AuditEntry.objects.create(username="x", action=AuditEntry.Action.UPDATE,
                                     object_repr="ban-ghi")


def test_it_lets_nobody_add_change_or_delete_entries_in_the_admin(superuser, entry):
    model_admin = site._registry[AuditEntry]
    request = RequestFactory().get("/")
    request.user = superuser
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)


def test_it_shows_entries_to_an_administrator_read_only(client, superuser, entry):
    login(client, superuser)
    response = client.get(reverse("admin:audit_auditentry_change", args=[entry.pk]))
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()


def test_it_refuses_a_deletion_through_the_admin(client, superuser, entry):
    login(client, superuser)
    response = client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]),
                           {"post": "yes"})
    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_it_refuses_an_edit_through_the_admin(client, superuser, entry):
    login(client, superuser)
    client.post(reverse("admin:audit_auditentry_change", args=[entry.pk]),
                {"object_repr": "sua-doi"})
    entry.refresh_from_db()
    assert entry.object_repr == "ban-ghi"
