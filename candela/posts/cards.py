"""What a post card shows a given viewer: the post (or the post a boost points at), who boosted
it, reaction counts and the viewer's own state. Built for a whole page at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise

from candela.posts.models import EMOJI_KINDS, Post, ReactionKind
from candela.posts.selectors import Thread, ThreadNode, ViewerState, viewer_state_for
from candela.profiles.models import Actor


@dataclass
class ReactionButton:
    kind: str
    label: str | Promise
    count: int
    is_mine: bool


@dataclass
class PostCard:
    post: Post
    # The booster, when the card shows a boost; `post` is then the boosted post.
    boosted_by: Actor | None
    favourites: ReactionButton
    reactions: list[ReactionButton]
    is_reblogged: bool
    is_own: bool
    children: list[PostCard]

    @property
    def is_tombstone(self) -> bool:
        return self.post.is_deleted


def card_for(post: Post, viewer: Actor | None, state: ViewerState) -> PostCard:
    shown = post.reblog_of if post.reblog_of is not None else post
    counts = shown.reaction_counts()
    mine = state.kinds_of(shown)
    return PostCard(
        post=shown,
        boosted_by=post.author if post.reblog_of is not None else None,
        favourites=ReactionButton(
            ReactionKind.FAVOURITE.value,
            ReactionKind.FAVOURITE.label,
            shown.favourites_count,
            ReactionKind.FAVOURITE.value in mine,
        ),
        reactions=[
            ReactionButton(kind.value, kind.label, counts[kind.value], kind.value in mine)
            for kind in EMOJI_KINDS
        ],
        is_reblogged=state.has_reblogged(shown),
        is_own=viewer is not None and shown.author_id == viewer.id,
        children=[],
    )


def cards_for(posts: Iterable[Post], viewer: Actor | None) -> list[PostCard]:
    posts = list(posts)
    state = viewer_state_for(viewer, posts)
    return [card_for(post, viewer, state) for post in posts]


def thread_cards(
    thread: Thread, viewer: Actor | None
) -> tuple[list[PostCard], PostCard, list[PostCard]]:
    """Cards for the ancestors, the post itself and its nested replies."""
    state = viewer_state_for(viewer, thread.all_posts())

    def nested(nodes: list[ThreadNode]) -> list[PostCard]:
        cards = []
        for node in nodes:
            card = card_for(node.post, viewer, state)
            card.children = nested(node.children)
            cards.append(card)
        return cards

    return (
        [card_for(p, viewer, state) for p in thread.ancestors],
        card_for(thread.post, viewer, state),
        nested(thread.replies),
    )
