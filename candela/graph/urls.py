"""The graph's pages: relationship actions, someone's network lists and the Network page.

`profile_patterns` are the profile page and the member directory. They keep their names in the
`profiles` namespace (`profiles:detail`, `profiles:directory`), which config/urls.py builds from
these and profiles' own patterns: links do not need to know which app renders a person.
"""

from django.urls import path

from candela.graph import views

app_name = "graph"

profile_patterns = [
    path("@<str:username>", views.profile_detail, name="detail"),
    path("people/", views.directory, name="directory"),
]

ACTIONS = [
    "follow",
    "unfollow",
    "connect",
    "accept",
    "decline",
    "remove-connection",
    "block",
    "unblock",
    "mute",
    "unmute",
]

urlpatterns = [
    *(
        path(
            f"@<str:username>/{action}", views.relationship_action, {"action": action}, name=action
        )
        for action in ACTIONS
    ),
    *(
        path(f"@<str:username>/{kind}", views.actor_network, {"kind": kind}, name=kind)
        for kind in ("connections", "followers", "following")
    ),
    path("network/", views.network, name="network"),
    path("network/visibility", views.connections_visibility, name="connections_visibility"),
    *(
        path(
            f"network/connections/<int:connection_id>/{answer}",
            views.connection_answer,
            {"answer": answer},
            name=f"connection_{answer}",
        )
        for answer in ("accept", "decline", "remove")
    ),
    *(
        path(
            f"network/follow-requests/<int:actor_id>/{answer}",
            views.follow_request_answer,
            {"answer": answer},
            name=f"follow_request_{answer}",
        )
        for answer in ("authorize", "reject")
    ),
    path("network/circles/", views.circle_create, name="circle_create"),
    path("network/circles/<int:circle_id>/rename", views.circle_rename, name="circle_rename"),
    path("network/circles/<int:circle_id>/delete", views.circle_delete, name="circle_delete"),
    path(
        "network/circles/<int:circle_id>/members", views.circle_member_add, name="circle_member_add"
    ),
    path(
        "network/circles/<int:circle_id>/members/<int:actor_id>/remove",
        views.circle_member_remove,
        name="circle_member_remove",
    ),
]
