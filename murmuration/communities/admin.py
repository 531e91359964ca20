"""Operator views of communities and groups.

Deliberately absent here and in every other app's admin: what a pod shares inside itself
(session notes, check-ins, private retro items). DESIGN.md's first privacy rule keeps that from
hosts, and site operators get no back door either.
"""

from django.contrib import admin

from .models import Community, Group, GroupMembership, Invitation, JoinRequest, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "visibility", "join_policy", "created_at"]
    search_fields = ["name", "slug"]
    inlines = [MembershipInline]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "community", "parent", "is_private", "intended_band", "created_at"]
    list_filter = ["is_private", "intended_band"]
    search_fields = ["name", "community__name"]
    list_select_related = ["community", "parent"]
    raw_id_fields = ["parent", "caller"]


@admin.register(GroupMembership)
class GroupMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "group", "joined_at"]
    list_select_related = ["user", "group"]
    raw_id_fields = ["user", "group"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["community", "email", "uses", "max_uses", "expires_at", "revoked_at"]
    list_select_related = ["community"]
    readonly_fields = ["token"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "community", "group", "direction", "status", "created_at"]
    list_filter = ["status", "direction"]
    list_select_related = ["user", "community", "group"]
