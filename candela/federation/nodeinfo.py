"""NodeInfo 2.0 (nodeinfo.diaspora.software): the discovery links and the document itself."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

import candela
from candela.federation.selectors import LocalUsage

SCHEMA_2_0 = "http://nodeinfo.diaspora.software/ns/schema/2.0"
# The protocol asks for the schema's resolution scope (with "#") as the profile parameter.
NODEINFO_2_0_CONTENT_TYPE = f'application/json; profile="{SCHEMA_2_0}#"'


def nodeinfo_links() -> dict[str, Any]:
    """The JRD at /.well-known/nodeinfo, naming every schema version we serve."""
    return {
        "links": [
            {"rel": SCHEMA_2_0, "href": f"{settings.CANDELA_URL}{reverse('federation:nodeinfo')}"}
        ]
    }


def nodeinfo_document(usage: LocalUsage) -> dict[str, Any]:
    """A NodeInfo 2.0 document; every key the schema requires is present, none it forbids."""
    return {
        "version": "2.0",
        "software": {"name": "candela", "version": candela.__version__},
        "protocols": ["activitypub"],
        "services": {"inbound": [], "outbound": []},
        "openRegistrations": settings.CANDELA_REGISTRATIONS_OPEN,
        "usage": {
            "users": {
                "total": usage.total_users,
                "activeMonth": usage.active_month,
                "activeHalfyear": usage.active_halfyear,
            },
            # Posts do not exist yet; the posts app will count them here.
            "localPosts": 0,
        },
        "metadata": {
            "nodeName": settings.CANDELA_INSTANCE_NAME,
            "nodeDescription": settings.CANDELA_INSTANCE_DESCRIPTION,
        },
    }
