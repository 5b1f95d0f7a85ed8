from django.urls import path

from candela.posts import views

app_name = "posts"

urlpatterns = [
    path("posts/new", views.post_create, name="create"),
    path("@<str:username>/<str:post_id>", views.post_detail, name="detail"),
    path("@<str:username>/<str:post_id>/edit", views.post_edit, name="edit"),
    path("@<str:username>/<str:post_id>/delete", views.post_delete, name="delete"),
    path("@<str:username>/<str:post_id>/react", views.post_react, name="react"),
    path("@<str:username>/<str:post_id>/boost", views.post_boost, name="boost"),
    path("tags/<str:name>", views.hashtag_posts, name="hashtag"),
]
