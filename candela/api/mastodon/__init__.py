"""The Mastodon client API: one module per resource, entity mapping in `entities`."""
