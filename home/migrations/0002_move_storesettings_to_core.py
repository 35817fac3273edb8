from django.db import migrations


class Migration(migrations.Migration):
    """StoreSettings moves to the core app; its table is renamed, so every row stays."""

    dependencies = [
        ("home", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable(name="storesettings", table="core_storesettings")],
            state_operations=[migrations.DeleteModel(name="StoreSettings")],
        ),
    ]
