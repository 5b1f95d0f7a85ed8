from django.apps import AppConfig


class GraphConfig(AppConfig):
    name = "candela.graph"
    label = "graph"
