from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from candela.accounts.models import User


@admin.register(User)
class CandelaUserAdmin(UserAdmin[User]):
    list_display = ("username", "email", "language", "is_active", "is_staff", "date_joined")
    list_filter = ("is_active", "is_staff", "language")
    fieldsets = (
        *UserAdmin.fieldsets,  # type: ignore[misc]
        ("Candela", {"fields": ("language", "time_zone")}),
    )
