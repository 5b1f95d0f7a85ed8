"""The audience every privacy matrix checks against: which kind of viewer may see a post of
each visibility, and the graph that puts each viewer in their place. One definition, so that
the post pages, the API, search and the feed are all held to the same rule."""

from __future__ import annotations

from candela.graph import services as graph
from candela.graph.models import Circle
from candela.profiles.models import Actor

VISIBILITIES = ["public", "unlisted", "connections", "circle", "direct"]
VIEWERS = [
    "author",
    "connection",
    "follower",
    "circle_member",
    "mentioned",
    "stranger",
    "blocked",
    "anonymous",
]
# Mentioned accounts see limited posts, as on Mastodon; the blocked account never sees any.
AUDIENCE = {
    "public": set(VIEWERS) - {"blocked"},
    "unlisted": set(VIEWERS) - {"blocked"},
    "connections": {"author", "connection", "mentioned"},
    "circle": {"author", "circle_member", "mentioned"},
    "direct": {"author", "mentioned"},
}


def place_viewers(actors: dict[str, Actor]) -> Circle:
    """Connects, follows, circles and blocks so that each named actor is the viewer its name
    says, relative to `actors["author"]`; returns the author's circle."""
    author = actors["author"]
    request = graph.request_connection(actors["connection"], recipient=author)
    graph.accept_connection(author, connection_id=request.id)
    graph.follow(actors["follower"], target=author)
    graph.follow(author, target=actors["circle_member"])
    circle = graph.create_circle(author, name="Close friends")
    graph.add_circle_members(author, circle_id=circle.id, actor_ids=[actors["circle_member"].id])
    graph.block(author, target=actors["blocked"])
    return circle
