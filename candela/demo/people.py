"""The demo community: people who write in English, French, Italian, German and Finnish."""

from typing import Any

PEOPLE: list[dict[str, Any]] = [
    {
        "username": "ada",
        "display_name": "Ada Okafor",
        "language": "en",
        "bio": "Backend engineer and meetup organiser. I love connecting people who should know each other.",
        "location": "London",
        "languages": ["en", "fr"],
        "skills": ["Python", "community building", "public speaking"],
        "positions": [{"company": "Lumen Labs", "title": "Staff engineer", "is_current": True}],
    },
]
