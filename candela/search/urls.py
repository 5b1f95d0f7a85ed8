from django.urls import path

from candela.search import views

app_name = "search"

urlpatterns = [
    path("search/", views.search_results, name="results"),
]
