"""The OAuth2 endpoints Mastodon apps use: authorize, token, revoke and the server metadata."""
