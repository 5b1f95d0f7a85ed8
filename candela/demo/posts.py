"""The demo community's posts: public posts in five languages, comments, reactions and a
boost, made through the posts services so that they look like members wrote them."""

from __future__ import annotations

from typing import TypedDict

from django.db import transaction

from candela.posts import services
from candela.posts.models import Post
from candela.profiles.models import Actor


class DemoComment(TypedDict):
    author: str
    text: str


class DemoPost(TypedDict):
    author: str
    text: str
    comments: list[DemoComment]
    # (username, reaction kind) pairs.
    reactions: list[tuple[str, str]]
    boosted_by: list[str]


POSTS: list[DemoPost] = [
    {
        "author": "ada",
        "text": "Looking for someone who has run a community garden: we are starting one in "
        "our street and would love to learn from your mistakes. #gardening",
        "comments": [
            {"author": "tomh", "text": "@ada Start small and agree on watering turns early!"},
            {"author": "aino", "text": "@ada Happy to share our allotment rota, message me."},
        ],
        "reactions": [("tomh", "favourite"), ("camille", "🎉"), ("jonas", "❤️")],
        "boosted_by": ["priya_r"],
    },
    {
        "author": "camille",
        "text": "Bonjour à tous ! Je cherche une personne qui connaît bien la comptabilité des "
        "associations pour un coup de main ce mois-ci. #entraide",
        "comments": [
            {
                "author": "julien_m",
                "text": "@camille Je peux t'aider samedi matin, si ça te convient.",
            },
        ],
        "reactions": [("nadia", "🙏"), ("julien_m", "favourite")],
        "boosted_by": [],
    },
    {
        "author": "giulia",
        "text": "Domenica organizziamo una passeggiata lungo il fiume per pulire le sponde. "
        "Chi viene porta i guanti, al pranzo pensiamo noi! #volontariato",
        "comments": [
            {"author": "marco_rinaldi", "text": "@giulia Ci sono, porto anche due amici."},
            {"author": "chiara", "text": "@giulia Che bella idea, vengo con i bambini!"},
        ],
        "reactions": [("marco_rinaldi", "👍"), ("chiara", "❤️"), ("ada", "favourite")],
        "boosted_by": ["chiara"],
    },
    {
        "author": "jonas",
        "text": "Wer hat Erfahrung mit Förderanträgen für kleine Kulturvereine? Ich würde mich "
        "über einen kurzen Austausch freuen. #Ehrenamt",
        "comments": [
            {
                "author": "lena_h",
                "text": "@jonas Ja, ich habe letztes Jahr zwei Anträge geschrieben. Ruf mich an!",
            },
        ],
        "reactions": [("felix", "👍"), ("lena_h", "favourite")],
        "boosted_by": [],
    },
    {
        "author": "aino",
        "text": "Hei kaikki! Järjestämme ensi viikolla korjauskahvilan kirjastolla. Tuo "
        "rikkinäinen laitteesi, niin korjataan se yhdessä. #korjauskahvila",
        "comments": [
            {
                "author": "mikko_l",
                "text": "@aino Tulen mukaan ja otan juotoskolvin mukaan.",
            },
        ],
        "reactions": [("mikko_l", "🎉"), ("ada", "❤️")],
        "boosted_by": ["mikko_l"],
    },
]


def populate_posts() -> int:
    """Publishes the demo posts whose authors exist and that are not there yet; returns how many
    posts (comments included) were created."""
    actors = {actor.username: actor for actor in Actor.objects.filter(local=True)}
    created = 0
    for item in POSTS:
        author = actors.get(item["author"])
        if author is None or Post.objects.filter(author=author, text=item["text"]).exists():
            continue
        with transaction.atomic():
            post = services.publish_post(author, text=item["text"], visibility="public")
            created += 1
            for comment in item["comments"]:
                commenter = actors.get(comment["author"])
                if commenter is not None:
                    services.publish_post(
                        commenter,
                        text=comment["text"],
                        visibility="public",
                        in_reply_to_id=post.id,
                    )
                    created += 1
            for username, kind in item["reactions"]:
                if (actor := actors.get(username)) is not None:
                    services.react(actor, post_id=post.id, kind=kind)
            for username in item["boosted_by"]:
                if (actor := actors.get(username)) is not None:
                    services.boost(actor, post_id=post.id)
    return created
