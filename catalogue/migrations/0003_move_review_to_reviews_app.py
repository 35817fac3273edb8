# Reviews moved to their own app (reviews.0001_initial takes the model over). The table is
# renamed, never recreated, so every review row is kept.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0002_variant_sku_case_insensitive'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name='review', table='reviews_review'),
            ],
            state_operations=[
                migrations.DeleteModel(name='review'),
            ],
        ),
    ]
