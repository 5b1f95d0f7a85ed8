"""Template helpers for the graph's lists."""

from __future__ import annotations

from django import template

from candela.graph.models import Connection
from candela.profiles.models import Actor

register = template.Library()


@register.filter
def other_side(connection: Connection, actor: Actor) -> Actor:
    """`{{ row|other_side:me }}`: the person at the other end of a connection."""
    return connection.other(actor)
