"""Admin screens for system administrators; coordinators use the Vietnamese user pages."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp import admin as totp_admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    fields = ("role", "org_unit", "agency", "granted_by", "granted_at", "revoked_at")
    readonly_fields = ("granted_by", "granted_at")
    autocomplete_fields = ("org_unit", "agency")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "full_name", "position", "is_active", "last_login")
    search_fields = ("username", "full_name", "email")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("full_name", "position", "email")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("last_login", "date_joined")
    inlines = [RoleAssignmentInline]


class TOTPDeviceAdmin(totp_admin.TOTPDeviceAdmin):
    """django-otp's, with its two extra pages' ids through `<id:…>`: an id the database
    cannot hold is a 404 rather than a 500."""

    def get_urls(self) -> list[URLPattern]:
        return [
            path("<id:pk>/config/", self.admin_site.admin_view(self.config_view),
                 name="otp_totp_totpdevice_config"),
            path("<id:pk>/qrcode/", self.admin_site.admin_view(self.qrcode_view),
                 name="otp_totp_totpdevice_qrcode"),
            *admin.ModelAdmin.get_urls(self),
        ]


admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, TOTPDeviceAdmin)
