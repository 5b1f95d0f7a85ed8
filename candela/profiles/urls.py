from django.urls import path

from candela.profiles import views

app_name = "profiles"

# The profile page (`detail`) and the directory are served by the graph app, which adds the
# block rule: see candela/graph/urls.py and config/urls.py.
urlpatterns = [
    path("settings/profile/", views.profile_edit, name="edit"),
]
