"""The demo community: people who write in English, French, Italian, German and Finnish.

They are meant to know each other: Lumen Labs has people in London, Lyon, Berlin and (once)
Helsinki; Nordwind Energie links Hamburg, Tampere and Marseille; Trama Digitale is Milan and
Bologna; Chiara once worked at Lena's Stadtteilwerk in Munich. Python, accessibility, workshops,
grants and renewable energy are skills several of them share.
"""

from __future__ import annotations

from typing import TypedDict


class PositionData(TypedDict):
    company: str
    title: str
    is_current: bool


class Person(TypedDict):
    username: str
    display_name: str
    # The interface language (one of settings.LANGUAGES); the bio and skills are written in it.
    language: str
    bio: str
    location: str
    # ISO 639-1 codes of the languages the person speaks.
    languages: list[str]
    skills: list[str]
    positions: list[PositionData]


PEOPLE: list[Person] = [
    # English
    {
        "username": "ada",
        "display_name": "Ada Okafor",
        "language": "en",
        "bio": (
            "Backend engineer at Lumen Labs and co-organiser of London Python. "
            "I love connecting people who should know each other."
        ),
        "location": "London",
        "languages": ["en", "fr"],
        "skills": ["Python", "PostgreSQL", "community building", "public speaking", "mentoring"],
        "positions": [
            {"company": "Lumen Labs", "title": "Staff engineer", "is_current": True},
            {"company": "Brightwater Health", "title": "Software engineer", "is_current": False},
        ],
    },
    {
        "username": "tomh",
        "display_name": "Tom Hargreaves",
        "language": "en",
        "bio": (
            "Product designer in Manchester, mostly working with charities and housing co-ops. "
            "Ask me about user research on a shoestring budget. "
            "Slowly learning Italian, badly."
        ),
        "location": "Manchester",
        "languages": ["en", "it"],
        "skills": [
            "user research",
            "accessibility audits",
            "workshop facilitation",
            "Figma",
            "sourdough",
        ],
        "positions": [
            {
                "company": "Northern Thread Studio",
                "title": "Founder and product designer",
                "is_current": True,
            },
            {"company": "Lumen Labs", "title": "Senior product designer", "is_current": False},
        ],
    },
    {
        "username": "priya_r",
        "display_name": "Priya Raman",
        "language": "en",
        "bio": (
            "Data scientist in Edinburgh, working on hospital waiting-list data: "
            "the numbers are grim, the people are great. "
            "Happy to help anyone getting started with R or wrestling with a grant application."
        ),
        "location": "Edinburgh",
        "languages": ["en", "ta"],
        "skills": ["data analysis", "R", "statistics", "grant applications", "mentoring"],
        "positions": [
            {"company": "Caledon Health Data", "title": "Lead data scientist", "is_current": True},
        ],
    },
    # French
    {
        "username": "camille",
        "display_name": "Camille Berthier",
        "language": "fr",
        "bio": (
            "Développeuse backend à Lyon, en télétravail pour Lumen Labs. "
            "J'anime le meetup Python lyonnais et je suis toujours partante pour relire "
            "une PR autour d'un café."
        ),
        "location": "Lyon",
        "languages": ["fr", "en", "it"],
        "skills": ["Python", "Django", "revue de code", "animation de meetups"],
        "positions": [
            {"company": "Lumen Labs", "title": "Développeuse backend", "is_current": True},
            {"company": "Atelier Lune", "title": "Développeuse web", "is_current": False},
        ],
    },
    {
        "username": "julien_m",
        "display_name": "Julien Marchand",
        "language": "fr",
        "bio": (
            "Directeur artistique chez Atelier Lune, à la Croix-Rousse. "
            "Je dessine des identités visuelles pour des assos et des petites marques. "
            "Si vous hésitez à vous lancer en freelance, écrivez-moi : "
            "j'ai fait toutes les erreurs possibles."
        ),
        "location": "Lyon",
        "languages": ["fr", "en", "es"],
        "skills": ["identité visuelle", "typographie", "illustration", "se lancer en freelance"],
        "positions": [
            {"company": "Atelier Lune", "title": "Directeur artistique", "is_current": True},
        ],
    },
    {
        "username": "nadia",
        "display_name": "Nadia Benali",
        "language": "fr",
        "bio": (
            "Ingénieure dans le solaire à Marseille. Je passe mes journées sur les toits "
            "et mes soirées à convaincre des copropriétés qu'on peut produire son électricité "
            "ensemble."
        ),
        "location": "Marseille",
        "languages": ["fr", "ar", "en"],
        "skills": [
            "photovoltaïque",
            "gestion de projet",
            "financement participatif",
            "coopératives énergétiques",
        ],
        "positions": [
            {
                "company": "Soleil Commun",
                "title": "Cheffe de projet photovoltaïque",
                "is_current": True,
            },
            {"company": "Nordwind Energie", "title": "Ingénieure d'études", "is_current": False},
        ],
    },
    # Italian
    {
        "username": "giulia",
        "display_name": "Giulia Ferrante",
        "language": "it",
        "bio": (
            "Ricercatrice UX a Bologna, lavoro con Trama Digitale. "
            "Passo le giornate a intervistare persone e a scoprire che i flussi “ovvi” "
            "non lo sono affatto. Nel tempo libero canto in un coro."
        ),
        "location": "Bologna",
        "languages": ["it", "en", "fr"],
        "skills": [
            "ricerca con gli utenti",
            "accessibilità",
            "facilitazione di workshop",
            "test di usabilità",
        ],
        "positions": [
            {"company": "Trama Digitale", "title": "Ricercatrice UX", "is_current": True},
        ],
    },
    {
        "username": "marco_rinaldi",
        "display_name": "Marco Rinaldi",
        "language": "it",
        "bio": (
            "Sviluppatore backend a Milano: Python da dieci anni, Django da cinque. "
            "Organizzo i talk di Python Milano, quindi se hai qualcosa da raccontare "
            "fatti avanti."
        ),
        "location": "Milano",
        "languages": ["it", "en"],
        "skills": ["Python", "Django", "PostgreSQL", "mentoring", "parlare in pubblico"],
        "positions": [
            {
                "company": "Trama Digitale",
                "title": "Sviluppatore backend senior",
                "is_current": True,
            },
            {
                "company": "Banca Ambrosiana",
                "title": "Analista programmatore",
                "is_current": False,
            },
        ],
    },
    {
        "username": "chiara",
        "display_name": "Chiara Esposito",
        "language": "it",
        "bio": (
            "Progettista europea a Torino: scrivo bandi per associazioni e cooperative "
            "e aiuto chi si perde tra moduli e scadenze. "
            "Ho vissuto tre anni a Monaco e il tedesco mi è rimasto."
        ),
        "location": "Torino",
        "languages": ["it", "de", "en"],
        "skills": [
            "fondi europei",
            "scrittura di bandi",
            "rendicontazione",
            "terzo settore",
            "tedesco",
        ],
        "positions": [
            {
                "company": "Fondazione Ponti Aperti",
                "title": "Progettista europea",
                "is_current": True,
            },
            {
                "company": "Stadtteilwerk München e.V.",
                "title": "Coordinatrice di progetto",
                "is_current": False,
            },
        ],
    },
    # German
    {
        "username": "jonas",
        "display_name": "Jonas Weber",
        "language": "de",
        "bio": (
            "Bei Lumen Labs in Berlin kümmere ich mich um Server, Deployments und alles, "
            "was nachts um drei kaputtgeht. Nebenbei schraube ich an alten Rennrädern."
        ),
        "location": "Berlin",
        "languages": ["de", "en"],
        "skills": ["Kubernetes", "Linux", "Monitoring", "Bereitschaftsdienste", "Fahrradreparatur"],
        "positions": [
            {"company": "Lumen Labs", "title": "Site Reliability Engineer", "is_current": True},
        ],
    },
    {
        "username": "lena_h",
        "display_name": "Lena Hoffmann",
        "language": "de",
        "bio": (
            "Ich leite das Stadtteilwerk in Giesing, eine offene Werkstatt mit Repair-Café. "
            "Wer Fördermittel beantragen oder ein Ehrenamt auf die Beine stellen will, "
            "darf mich gern fragen."
        ),
        "location": "München",
        "languages": ["de", "en", "it"],
        "skills": ["Fördermittel", "Ehrenamt koordinieren", "Repair-Café", "Vereinsrecht"],
        "positions": [
            {
                "company": "Stadtteilwerk München e.V.",
                "title": "Geschäftsführerin",
                "is_current": True,
            },
        ],
    },
    {
        "username": "felix",
        "display_name": "Felix Brandt",
        "language": "de",
        "bio": (
            "Datenanalyst bei Nordwind Energie in Hamburg. Ich rechne aus, wann der Wind weht, "
            "und verwandle Excel-Tabellen in Dashboards, die auch jemand liest."
        ),
        "location": "Hamburg",
        "languages": ["de", "en", "da"],
        "skills": ["Datenanalyse", "Python", "Windenergie", "Dashboards"],
        "positions": [
            {"company": "Nordwind Energie", "title": "Datenanalyst", "is_current": True},
            {
                "company": "Hanse Analytics",
                "title": "Werkstudent Data Science",
                "is_current": False,
            },
        ],
    },
    # Finnish
    {
        "username": "aino",
        "display_name": "Aino Virtanen",
        "language": "fi",
        "bio": (
            "Koodaan taustajärjestelmiä Kajolla Helsingissä ja vedän Kalliossa Python-iltoja "
            "aloittelijoille. Talvella hiihdän töihin, jos lunta vain riittää."
        ),
        "location": "Helsinki",
        "languages": ["fi", "sv", "en"],
        "skills": ["Python", "Django", "tietokannat", "aloittelijoiden mentorointi"],
        "positions": [
            {"company": "Kajo Oy", "title": "Ohjelmistokehittäjä", "is_current": True},
            {"company": "Lumen Labs", "title": "Harjoittelija", "is_current": False},
        ],
    },
    {
        "username": "mikko_l",
        "display_name": "Mikko Laine",
        "language": "fi",
        "bio": (
            "Tuulivoimainsinööri Tampereelta. Suunnittelen tuulipuistoja Pohjanmaalle "
            "ja opettelen samalla saksaa, koska puolet tiimistä istuu Hampurissa."
        ),
        "location": "Tampere",
        "languages": ["fi", "en", "de"],
        "skills": ["tuulivoima", "projektinhallinta", "sähköverkot", "saunan rakentaminen"],
        "positions": [
            {"company": "Nordwind Energie", "title": "Projekti-insinööri", "is_current": True},
        ],
    },
]
