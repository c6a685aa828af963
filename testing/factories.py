"""Factories for tests: a small province with wards, groups, agencies and role holders."""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from accounts.models import ROLE_SCOPE_KIND, Role, RoleAssignment, ScopeKind, User
from units.models import Agency, OrgUnit

TEST_PASSWORD = "mật-khẩu-thử-nghiệm-đủ-dài"


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ("kind", "code")

    kind = OrgUnit.Kind.PROVINCE
    code = factory.Sequence(lambda n: f"{90 + n % 9:02d}")
    name = factory.LazyAttribute(lambda o: f"Tỉnh thử {o.code}")


class WardFactory(DjangoModelFactory):
    class Meta:
        model = OrgUnit

    kind = OrgUnit.Kind.WARD
    code = factory.Sequence(lambda n: f"{90000 + n:05d}")
    name = factory.Sequence(lambda n: f"Phường Thử {n}")
    parent = factory.SubFactory(ProvinceFactory)


class ResidentialGroupFactory(DjangoModelFactory):
    class Meta:
        model = OrgUnit

    kind = OrgUnit.Kind.RESIDENTIAL_GROUP
    code = factory.Sequence(lambda n: f"TDP{n:03d}")
    name = factory.Sequence(lambda n: f"Tổ dân phố số {n}")
    parent = factory.SubFactory(WardFactory)
    households = 120


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency

    province = factory.SubFactory(ProvinceFactory)
    code = factory.Sequence(lambda n: f"co-quan-{n}")
    name = factory.Sequence(lambda n: f"Sở Thử {n}")
    kind = Agency.Kind.DEPARTMENT
    plan_item = 24


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()


def user_with_role(role: str, *, org_unit: OrgUnit | None = None,
                   agency: Agency | None = None, **user_fields: Any) -> User:
    """A user holding one role in the given scope (the scope's kind must fit the role)."""
    user = UserFactory(**user_fields)
    kind = ROLE_SCOPE_KIND[role]
    RoleAssignment.objects.create(
        user=user, role=role,
        org_unit=org_unit if kind in (ScopeKind.PROVINCE, ScopeKind.WARD) else None,
        agency=agency if kind == ScopeKind.AGENCY else None,
    )
    return user


__all__ = [
    "TEST_PASSWORD", "AgencyFactory", "ProvinceFactory", "ResidentialGroupFactory", "Role",
    "UserFactory", "WardFactory", "user_with_role",
]
