"""The search app: accounts, hashtags and posts, read through the other apps' selectors."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "candela.search"
    label = "search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from candela.search import index

        # Django rebuilds a SQLite table to alter it, which drops the table's triggers: every
        # migrate puts the full-text index's triggers back (see candela/search/index.py).
        post_migrate.connect(index.ensure_index, dispatch_uid="search.ensure_index")
