"""The root URL map: only includes each app's own urls."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from candela.graph import urls as graph_urls
from candela.profiles import urls as profiles_urls

urlpatterns = [
    path("admin/", admin.site.urls),
    # Before core: the feed serves the home page (core cannot import the feed).
    path("", include("candela.feed.urls")),
    path("", include("candela.core.urls")),
    path("", include("candela.accounts.urls")),
    # One `profiles` namespace from two apps: the profile page and the directory are served by
    # the graph (it adds the block rule, which profiles cannot import), profiles has the rest.
    path(
        "",
        include((profiles_urls.urlpatterns + graph_urls.profile_patterns, profiles_urls.app_name)),
    ),
    path("", include("candela.graph.urls")),
    path("", include("candela.posts.urls")),
    path("", include("candela.notifications.urls")),
    path("", include("candela.search.urls")),
    path("", include("candela.federation.urls")),
    path("", include("candela.api.urls")),
    # Embedded mode serves uploads itself; in production the proxy does (docs/deployment.md).
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
]

handler400 = "candela.core.views.bad_request"
handler403 = "candela.core.views.permission_denied"
handler404 = "candela.core.views.page_not_found"
handler500 = "candela.core.views.server_error"
