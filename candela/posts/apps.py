from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "candela.posts"
    label = "posts"
