"""The full-text index of posts: an FTS5 table and triggers on SQLite, a GIN expression index on
PostgreSQL (see candela/search/index.py)."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from candela.search import index


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    index.create_index(schema_editor.connection)


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    index.drop_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("posts", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
