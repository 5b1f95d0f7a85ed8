"""Counts failed logins per username and per client address in the cache, to slow guessing."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _keys(username: str, ip_address: str) -> tuple[str, str]:
    # Hashed: a typed username may hold spaces or control characters, which are not valid keys.
    username_digest = hashlib.sha256(username.lower().encode()).hexdigest()
    return f"login-fail:user:{username_digest}", f"login-fail:ip:{ip_address}"


def is_login_throttled(username: str, ip_address: str) -> bool:
    user_key, ip_key = _keys(username, ip_address)
    failures = cache.get_many([user_key, ip_key])
    return bool(
        failures.get(user_key, 0) >= settings.LOGIN_THROTTLE_PER_USERNAME
        or failures.get(ip_key, 0) >= settings.LOGIN_THROTTLE_PER_IP
    )


def record_login_failure(username: str, ip_address: str) -> None:
    for key in _keys(username, ip_address):
        # add() starts the window on the first failure; incr() keeps its expiry.
        if not cache.add(key, 1, timeout=settings.LOGIN_THROTTLE_WINDOW_SECONDS):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.add(key, 1, timeout=settings.LOGIN_THROTTLE_WINDOW_SECONDS)


def clear_login_failures(username: str) -> None:
    cache.delete(_keys(username, "")[0])
