# pg_trgm for the search's typo tolerance (catalogue.search). CreateExtension does nothing on
# databases other than PostgreSQL, so the embedded SQLite default migrates as before.
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0003_move_review_to_reviews_app"),
    ]

    operations = [
        TrigramExtension(),
    ]
