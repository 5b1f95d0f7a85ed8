from django.urls import path, re_path

from candela.posts import views

app_name = "posts"

# Post ids are digits only, so that `/@username/<word>` stays free for other apps' pages.
POST = r"^@(?P<username>[^/]+)/(?P<post_id>[0-9]+)"

urlpatterns = [
    path("posts/new", views.post_create, name="create"),
    re_path(rf"{POST}$", views.post_detail, name="detail"),
    re_path(rf"{POST}/edit$", views.post_edit, name="edit"),
    re_path(rf"{POST}/delete$", views.post_delete, name="delete"),
    re_path(rf"{POST}/react$", views.post_react, name="react"),
    re_path(rf"{POST}/boost$", views.post_boost, name="boost"),
    re_path(rf"{POST}/replies$", views.post_replies, name="replies"),
    # Live updates (candela/core/static/candela/live.js) know a post by its id alone.
    path("posts/<int:post_id>/card", views.post_card, name="card"),
    path("posts/<int:post_id>/actions", views.post_actions, name="actions"),
    path("tags/<str:name>", views.hashtag_posts, name="hashtag"),
]
