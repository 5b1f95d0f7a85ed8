"""Signals the graph sends after a change commits, for the apps above it (feed, notifications).

The graph sits below those apps and must not import them; they connect receivers here instead.
Every signal is sent from `transaction.on_commit`, with ids only (receivers queue tasks), and
`sender` is the model class concerned. Nothing listens yet: the feed (issue 3, part 3) will
drop timeline entries on `follow_removed`, `blocked` and `muted`.

- `follow_created(sender=Follow, follower_id, target_id)`: a follow exists now (direct, approved
  request, or accepted connection).
- `follow_requested(sender=FollowRequest, follower_id, target_id)`: a locked account has a request.
- `follow_removed(sender=Follow, follower_id, target_id)`: a follow ended (unfollow, removed
  connection, block).
- `connection_requested(sender=Connection, connection_id, requester_id, recipient_id)`.
- `connection_accepted(sender=Connection, connection_id, requester_id, recipient_id)`.
- `blocked(sender=Block, blocker_id, target_id)`.
- `muted(sender=Mute, muter_id, target_id)`.
"""

from __future__ import annotations

from django.dispatch import Signal

follow_created = Signal()
follow_requested = Signal()
follow_removed = Signal()
connection_requested = Signal()
connection_accepted = Signal()
blocked = Signal()
muted = Signal()
