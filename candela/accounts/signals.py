"""Signals for apps above `accounts` (dependency rule): sent inside the service's transaction.

- `user_created(sender=User, user=...)`: a new login exists; `profiles` creates its actor.
- `user_deleting(sender=User, user=...)`: the login is about to be deleted; `profiles` turns its
  actor into a tombstone so that other people's data keeps pointing at something.
"""

from django.dispatch import Signal

user_created = Signal()
user_deleting = Signal()
