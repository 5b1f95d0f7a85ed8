"""The root URL map: only includes each app's own urls."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("candela.core.urls")),
    path("", include("candela.accounts.urls")),
    path("", include("candela.profiles.urls")),
    path("", include("candela.posts.urls")),
    path("", include("candela.federation.urls")),
    path("", include("candela.api.urls")),
    # Embedded mode serves uploads itself; in production the proxy does (docs/deployment.md).
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
]

handler400 = "candela.core.views.bad_request"
handler403 = "candela.core.views.permission_denied"
handler404 = "candela.core.views.page_not_found"
handler500 = "candela.core.views.server_error"
