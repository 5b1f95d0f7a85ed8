"""Account counts kept by database triggers (candela/profiles/stats.py), counted once here for
the accounts that exist."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from candela.profiles import stats


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    stats.install(schema_editor.connection)


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    stats.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0002_actor_connections_visibility"),
        # The triggers sit on follows and posts.
        ("graph", "0001_initial"),
        ("posts", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="AccountStats",
            fields=[
                (
                    "actor",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="stats",
                        serialize=False,
                        to="profiles.actor",
                    ),
                ),
                ("followers_count", models.IntegerField(default=0)),
                ("following_count", models.IntegerField(default=0)),
                ("statuses_count", models.IntegerField(default=0)),
                ("last_status_at", models.DateTimeField(blank=True, null=True)),
            ],
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
