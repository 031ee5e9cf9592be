from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from ficarchive.accounts.models import ClaimInvitation, User

admin.site.register(User, UserAdmin)


@admin.register(ClaimInvitation)
class ClaimInvitationAdmin(admin.ModelAdmin):
    list_display = ["creator", "email", "created_at", "used_by", "used_at"]
    raw_id_fields = ["creator", "created_by", "used_by"]
    readonly_fields = ["token"]
