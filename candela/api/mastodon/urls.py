"""Mastodon client API routes (/api/v1, /api/v2). Fixed paths come before `<account_id>`."""

from django.urls import path

from candela.api.mastodon import (
    accounts,
    apps,
    blocks,
    follow_requests,
    instance,
    lists,
    mutes,
    preferences,
    relationships,
    timelines,
)

app_name = "api_mastodon"

urlpatterns = [
    path("api/v1/apps", apps.create_app, name="apps"),
    path("api/v1/apps/verify_credentials", apps.verify_app_credentials, name="apps_verify"),
    path(
        "api/v1/accounts/verify_credentials",
        accounts.verify_credentials,
        name="verify_credentials",
    ),
    path(
        "api/v1/accounts/update_credentials",
        accounts.update_credentials,
        name="update_credentials",
    ),
    path("api/v1/accounts/lookup", accounts.lookup, name="lookup"),
    path("api/v1/accounts/relationships", relationships.relationships, name="relationships"),
    path("api/v1/accounts/<str:account_id>", accounts.account_detail, name="account"),
    *(
        path(
            f"api/v1/accounts/<str:account_id>/{action}",
            getattr(relationships, action),
            name=f"account_{action}",
        )
        for action in (
            "follow",
            "unfollow",
            "block",
            "unblock",
            "mute",
            "unmute",
            "followers",
            "following",
        )
    ),
    path("api/v1/follow_requests", follow_requests.follow_requests, name="follow_requests"),
    path(
        "api/v1/follow_requests/<str:account_id>/authorize",
        follow_requests.authorize,
        name="follow_request_authorize",
    ),
    path(
        "api/v1/follow_requests/<str:account_id>/reject",
        follow_requests.reject,
        name="follow_request_reject",
    ),
    path("api/v1/blocks", blocks.blocks, name="blocks"),
    path("api/v1/mutes", mutes.mutes, name="mutes"),
    path("api/v1/lists", lists.lists, name="lists"),
    path("api/v1/lists/<str:list_id>", lists.list_detail, name="list"),
    path("api/v1/lists/<str:list_id>/accounts", lists.list_accounts, name="list_accounts"),
    path("api/v1/preferences", preferences.preferences, name="preferences"),
    path("api/v1/timelines/home", timelines.home, name="timeline_home"),
    path("api/v1/timelines/public", timelines.public, name="timeline_public"),
    path("api/v1/timelines/tag/<str:hashtag>", timelines.tag, name="timeline_tag"),
    path("api/v1/timelines/list/<str:list_id>", timelines.list_timeline, name="timeline_list"),
    path("api/v1/instance", instance.instance_v1, name="instance_v1"),
    path("api/v2/instance", instance.instance_v2, name="instance_v2"),
]
