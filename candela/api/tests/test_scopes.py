"""Scope parsing and implication."""

from __future__ import annotations

from candela.api.scopes import expand_scopes, parse_scopes, scopes_allow, unknown_scopes


def test_read_grants_every_granular_read_scope() -> None:
    assert scopes_allow(["read"], ["read:accounts"])
    assert scopes_allow(["read"], ["read:statuses"])
    assert not scopes_allow(["read"], ["write:accounts"])


def test_follow_grants_the_follow_block_and_mute_scopes_only() -> None:
    granted = expand_scopes(["follow"])
    assert {"read:follows", "write:follows", "read:blocks", "write:mutes"} <= granted
    assert "read:statuses" not in granted


def test_a_granular_scope_does_not_grant_its_parent() -> None:
    assert not scopes_allow(["read:accounts"], ["read"])


def test_admin_read_grants_its_sub_scopes_but_not_user_scopes() -> None:
    assert scopes_allow(["admin:read"], ["admin:read:accounts"])
    assert not scopes_allow(["admin:read"], ["read:accounts"])


def test_any_one_of_the_required_scopes_suffices() -> None:
    assert scopes_allow(["profile"], ["read:accounts", "profile"])


def test_scopes_parse_from_spaces_or_pluses_without_repeats() -> None:
    assert parse_scopes("read+write  read follow") == ["read", "write", "follow"]
    assert parse_scopes(None) == []


def test_unknown_scopes_are_reported() -> None:
    assert unknown_scopes(["read", "sudo", "write:everything"]) == ["sudo", "write:everything"]
