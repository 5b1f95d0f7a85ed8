"""Usernames nobody may take: they would shadow pages, roles or well-known addresses."""

RESERVED_USERNAMES = frozenset(
    {
        "about", "abuse", "account", "accounts", "activity", "admin", "administrator",
        "api", "app", "apps", "auth", "blog", "blogs", "candela", "contact", "events",
        "explore", "feed", "help", "home", "hostmaster", "inbox", "info", "instance",
        "jobs", "login", "logout", "mail", "media", "moderator", "messages", "nodeinfo",
        "noreply", "notifications", "oauth", "outbox", "owner", "people", "postmaster",
        "privacy", "profile", "questions", "relay", "root", "search", "security",
        "settings", "signup", "sitemap", "static", "staff", "status", "statuses",
        "support", "system", "terms", "tags", "user", "users", "webmaster", "well_known",
        "www",
    }
)


def is_reserved(username: str) -> bool:
    return username.lower() in RESERVED_USERNAMES
