"""PostgreSQL: the posts' full-text index folds accents (candela/search/index.py)."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from candela.search import index

PG_DROP_SIMPLE = "DROP INDEX IF EXISTS search_post_text_fts"


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        # The index of 0001 may be the `simple` one: built again on the new configuration.
        with connection.cursor() as cursor:
            cursor.execute(PG_DROP_SIMPLE)
        index.create_index(connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
