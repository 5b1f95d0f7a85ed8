from django.urls import path

from candela.profiles import views

app_name = "profiles"

urlpatterns = [
    path("@<str:username>", views.profile_detail, name="detail"),
    path("settings/profile/", views.profile_edit, name="edit"),
    path("people/", views.directory, name="directory"),
]
