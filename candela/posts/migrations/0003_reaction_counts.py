"""A counter on each post for each emoji reaction, kept by the reaction services as
`favourites_count` is, so that a page of posts reads its counts without counting reactions;
counted here once for the reactions that exist (the favourites recounted with them)."""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.db.models import Count, Exists, OuterRef, Subquery

# Frozen here: the mapping in models.py may change after this migration.
COUNT_FIELDS = {
    "favourite": "favourites_count",
    "❤️": "heart_count",
    "👍": "thumbs_up_count",
    "🎉": "party_count",
    "😂": "laugh_count",
    "😮": "surprise_count",
    "🙏": "thanks_count",
}


def count_reactions(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Post = apps.get_model("posts", "Post")
    Reaction = apps.get_model("posts", "Reaction")
    for kind, field in COUNT_FIELDS.items():
        of_kind = Reaction.objects.filter(post_id=OuterRef("pk"), kind=kind).order_by()
        count = of_kind.values("post_id").annotate(total=Count("*")).values("total")
        Post.objects.filter(Exists(of_kind)).update(**{field: Subquery(count)})


class Migration(migrations.Migration):
    dependencies = [("posts", "0002_post_changed_at")]

    operations = [
        migrations.AddField(
            model_name="post",
            name="heart_count",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="post",
            name="thumbs_up_count",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="post",
            name="party_count",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="post",
            name="laugh_count",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="post",
            name="surprise_count",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="post",
            name="thanks_count",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(count_reactions, migrations.RunPython.noop, elidable=False),
    ]
