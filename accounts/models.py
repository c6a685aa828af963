"""Users and their role assignments. What a role may do lives in accounts/permissions.py."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.spreadsheets import Caption


class Role(models.TextChoices):
    CITY_COORDINATOR = "city_coordinator", _("City coordinator")
    CITY_LEADER = "city_leader", _("City leader")
    WARD_OFFICER = "ward_officer", _("Ward police officer")
    WARD_CHIEF = "ward_chief", _("Ward police chief")
    WARD_COMMITTEE = "ward_committee", _("Ward People's Committee")
    WARD_FRONT = "ward_front", _("Ward Fatherland Front")
    AGENCY_REPORTER = "agency_reporter", _("Agency reporter")
    COUNCIL_MEMBER = "council_member", _("Appraisal council member")
    SYSADMIN = "sysadmin", _("System administrator")


class ScopeKind(models.TextChoices):
    GLOBAL = "global", _("Whole system")
    PROVINCE = "province", _("Province / city")
    WARD = "ward", _("Ward")
    AGENCY = "agency", _("Agency")


ROLE_SCOPE_KIND: dict[str, str] = {
    Role.CITY_COORDINATOR: ScopeKind.PROVINCE,
    Role.CITY_LEADER: ScopeKind.PROVINCE,
    Role.COUNCIL_MEMBER: ScopeKind.PROVINCE,
    Role.WARD_OFFICER: ScopeKind.WARD,
    Role.WARD_CHIEF: ScopeKind.WARD,
    Role.WARD_COMMITTEE: ScopeKind.WARD,
    Role.WARD_FRONT: ScopeKind.WARD,
    Role.AGENCY_REPORTER: ScopeKind.AGENCY,
    Role.SYSADMIN: ScopeKind.GLOBAL,
}

# City-level roles see the whole city; their accounts must use two-factor login.
TWO_FACTOR_ROLES = frozenset(
    {Role.CITY_COORDINATOR, Role.CITY_LEADER, Role.COUNCIL_MEMBER, Role.SYSADMIN}
)


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def byline(self) -> str:
        """How a file this user exports names them: "Nguyễn Văn An, Cán bộ điều phối"."""
        return ", ".join(part for part in (str(self), self.position) if part)

    def scope_name(self) -> str:
        """The units and bodies the user acts for, as exports name their scope."""
        names = [str(a.org_unit or a.agency or "") for a in self.active_assignments()]
        return ", ".join(dict.fromkeys(name for name in names if name))

    def export_caption(self, what: str, scope: str | None = None) -> Caption:
        """The title block of an XLSX this user exports now (see core.spreadsheets)."""
        return Caption(what=what, scope=self.scope_name() if scope is None else scope,
                       by=self.byline, at=timezone.now())

    def active_assignments(self) -> list[RoleAssignment]:
        """The user's current role assignments, cached for the request's lifetime."""
        cached = getattr(self, "_active_assignments", None)
        if cached is None:
            cached = list(
                self.role_assignments.filter(revoked_at__isnull=True).select_related(
                    "org_unit", "agency"
                )
            )
            self._active_assignments = cached
        return cached

    @property
    def requires_two_factor(self) -> bool:
        return self.is_superuser or any(
            a.role in TWO_FACTOR_ROLES for a in self.active_assignments()
        )


class RoleAssignment(models.Model):
    """A role held within one scope: a province, a ward or an agency (or everything)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="role_assignments",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    org_unit = models.ForeignKey(
        "units.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("unit"),
    )
    agency = models.ForeignKey(
        "units.Agency", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("agency"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user", "role"]
        constraints = [
            # The scope columns must match the role's kind of scope; checked by the
            # database so no code path can create an unscoped ward or agency role.
            models.CheckConstraint(
                name="roleassignment_scope_matches_role",
                condition=(
                    Q(role__in=[r for r, k in ROLE_SCOPE_KIND.items() if k == ScopeKind.AGENCY],
                      agency__isnull=False, org_unit__isnull=True)
                    | Q(role__in=[r for r, k in ROLE_SCOPE_KIND.items()
                                  if k in (ScopeKind.PROVINCE, ScopeKind.WARD)],
                        agency__isnull=True, org_unit__isnull=False)
                    | Q(role__in=[r for r, k in ROLE_SCOPE_KIND.items() if k == ScopeKind.GLOBAL],
                        agency__isnull=True, org_unit__isnull=True)
                ),
            ),
            # One active assignment per role and scope (three partial constraints, because
            # NULLs never collide in a plain unique constraint).
            models.UniqueConstraint(
                fields=["user", "role", "org_unit"],
                condition=Q(revoked_at__isnull=True, agency__isnull=True),
                name="roleassignment_unique_active_unit",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "agency"],
                condition=Q(revoked_at__isnull=True, org_unit__isnull=True),
                name="roleassignment_unique_active_agency",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(revoked_at__isnull=True, org_unit__isnull=True, agency__isnull=True),
                name="roleassignment_unique_active_global",
            ),
        ]

    def __str__(self) -> str:
        target = self.org_unit or self.agency
        role = self.get_role_display()
        return f"{role} — {target}" if target else str(role)

    @property
    def scope_kind(self) -> str:
        return ROLE_SCOPE_KIND[self.role]

    @property
    def scope_label(self) -> str:
        target = self.org_unit or self.agency
        return str(target) if target else str(ScopeKind.GLOBAL.label)


class ApiToken(models.Model):
    """A key another system uses to call the API as one user, with that user's roles.

    Only a digest of the key is stored; the key itself is shown once, when an administrator
    issues it. A key always expires, can be revoked, and remembers when it was last used.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100,
                            help_text=_("Which system uses the key, so that it can be told "
                                        "apart in lists and in the audit log."))
    # The key's first characters, shown in lists and audit entries; not a secret.
    prefix = models.CharField(_("key prefix"), max_length=16, unique=True)
    digest = models.CharField(_("key digest"), max_length=64, unique=True)
    read_only = models.BooleanField(_("read only"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("revoked by"),
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(_("last used from"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now: datetime.datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at and self.user.is_active

    @property
    def label(self) -> str:
        """How audit entries name the key: "API: Hệ thống báo cáo (km_ab12cd34…)"."""
        return f"API: {self}"
