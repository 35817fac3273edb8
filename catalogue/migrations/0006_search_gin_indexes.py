# Indexes for catalogue.search on PostgreSQL; nothing on other databases (the embedded SQLite
# searches with its own FTS5 table).
#
# - Wagtail's full-text search filters on `title || body` of its index entries, which neither of
#   its GIN indexes (one per column) can answer: without an index on the expression every search
#   reads every entry.
# - The typo fallback's trigram match on product titles (the `%>` operator) uses a trigram index.
#
# fastupdate off: new entries go straight into the index instead of a pending list that every
# search scans until a VACUUM merges it (a bulk import of thousands of products otherwise leaves
# the whole catalogue in that list).
from django.db import migrations

INDEXES = {
    "search_indexentry_title_body_gin": "wagtailsearch_indexentry USING gin ((title || body))",
    "page_title_trigram_gin": "wagtailcore_page USING gin (title gin_trgm_ops)",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition} WITH (fastupdate = off)")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0005_productvariant_sale_ends_productvariant_sale_price_and_more"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
