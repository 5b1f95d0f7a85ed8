from django.conf import settings
from django.urls import path

from candela.feed import views

app_name = "feed"

urlpatterns = [
    path("", views.home, name="home"),
    path("local/", views.local, name="local"),
    path("network/circles/<int:circle_id>/feed", views.circle_feed, name="circle"),
]

if settings.CANDELA_BENCH:
    from candela.feed import bench

    urlpatterns.append(path("bench/reference", bench.reference, name="bench_reference"))
