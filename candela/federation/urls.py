from django.urls import path

from candela.federation import views

app_name = "federation"

urlpatterns = [
    path(".well-known/webfinger", views.webfinger_view, name="webfinger"),
    path(".well-known/host-meta", views.host_meta, name="host_meta"),
    path(".well-known/nodeinfo", views.nodeinfo_links, name="nodeinfo_links"),
    path("nodeinfo/2.0", views.nodeinfo_document, name="nodeinfo"),
    path("users/<str:username>", views.actor_detail, name="actor"),
]
