from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice

from .models import TwoFactorReset

# django-otp's static plugin kept recovery codes in clear; it stays installed
# only so that migration 0003 can move its codes into RecoveryCodeDevice.
# Its admin would let anyone with the permission make plain codes again.
if admin.site.is_registered(StaticDevice):
    admin.site.unregister(StaticDevice)


@admin.register(TwoFactorReset)
class TwoFactorResetAdmin(admin.ModelAdmin):
    """The audit trail of reset_two_factor: read only, since the command is
    the one way to reset (after checking who asks, by another channel)."""

    list_display = ["user", "reset_at", "reset_by"]
    list_select_related = ["user"]
    search_fields = ["user__username", "reset_by"]
    date_hierarchy = "reset_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
