"""Signals the posts app sends after a write has committed, for the apps above it (feed,
notifications, federation) to listen to. Each carries ids, never instances.

- `post_published(post_id)`: a post, comment or boost was published.
- `post_edited(post_id)`
- `post_deleted(post_id, author_id)`: also for a boost undone.
- `post_reacted(post_id, actor_id, kind)`: a reaction (favourite or emoji) was added.
"""

from django.dispatch import Signal

post_published = Signal()
post_edited = Signal()
post_deleted = Signal()
post_reacted = Signal()
