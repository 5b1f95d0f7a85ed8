from django.contrib import admin

from candela.profiles.models import Actor, Position


class PositionInline(admin.TabularInline[Position, Actor]):
    model = Position
    extra = 0


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin[Actor]):
    list_display = ("username", "domain", "display_name", "local", "created_at", "deleted_at")
    list_filter = ("local",)
    search_fields = ("username", "display_name", "domain")
    readonly_fields = ("uri", "public_key_pem", "created_at", "updated_at")
    exclude = ("private_key_pem",)
    inlines = [PositionInline]
