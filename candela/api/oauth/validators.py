"""django-oauth-toolkit's validator, loading a bearer token with its user's actor: every API
request that authenticates needs the actor, so it comes in the token's query."""

from __future__ import annotations

import hashlib

from oauth2_provider.models import AccessToken
from oauth2_provider.oauth2_validators import OAuth2Validator


class CandelaOAuth2Validator(OAuth2Validator):  # type: ignore[misc]
    def _load_access_token(self, token: str) -> AccessToken | None:
        checksum = hashlib.sha256(token.encode("utf-8")).hexdigest()
        return (
            AccessToken.objects.select_related("application", "user__actor")
            .filter(token_checksum=checksum)
            .first()
        )
