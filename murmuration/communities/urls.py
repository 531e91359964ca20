from django.urls import path

from .views import community, groups, home, invitations, join_requests, member_import, purpose

app_name = "communities"

c = "c/<slug:slug>/"
g = c + "g/<slug:group_slug>/"

urlpatterns = [
    path("", home.home, name="home"),
    path("new/", home.create_community, name="create"),
    path("i/<str:token>/", invitations.invitation, name="invitation"),
    # A community
    path(c, community.detail, name="detail"),
    path(c + "tree/", community.tree, name="tree"),
    path(c + "join/", community.join, name="join"),
    path(c + "leave/", community.leave, name="leave"),
    path(c + "members/", community.members, name="members"),
    path(c + "members/<int:user_id>/remove/", community.remove_member, name="remove_member"),
    path(c + "members/<int:user_id>/role/", community.set_role, name="set_role"),
    path(c + "settings/", community.edit_settings, name="settings"),
    path(c + "purpose/", purpose.community_purpose, name="purpose"),
    path(c + "invitations/", invitations.invitation_list, name="invitations"),
    path(c + "invitations/link/", invitations.create_link_invitation, name="create_link"),
    path(c + "invitations/email/", invitations.create_email_invitation, name="create_email"),
    path(c + "invitations/<int:pk>/revoke/", invitations.revoke_invitation, name="revoke"),
    path(c + "requests/", join_requests.waiting, name="join_requests"),
    path(c + "requests/<int:pk>/", join_requests.decide, name="decide_request"),
    path(c + "import/", member_import.import_members, name="import_members"),
    # Its groups
    path(c + "groups/new/", groups.call_group, name="call_group"),
    path(g, groups.group_detail, name="group"),
    path(g + "join/", groups.join_group, name="join_group"),
    path(g + "leave/", groups.leave_group, name="leave_group"),
    path(g + "invite/", groups.invite_to_group, name="invite_to_group"),
    path(g + "settings/", groups.group_settings, name="group_settings"),
    path(g + "purpose/", purpose.group_purpose, name="group_purpose"),
]
