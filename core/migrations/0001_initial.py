import django.db.models.deletion
from django.db import migrations, models


def move_content_type(app_label_from, app_label_to):
    # Permissions point at the content type, so the groups granted them keep them.
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        ContentType.objects.filter(app_label=app_label_from, model="storesettings").update(app_label=app_label_to)

    return move


class Migration(migrations.Migration):
    """StoreSettings, moved from home: the table home/0002 renamed, taken over in state only."""

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("home", "0002_move_storesettings_to_core"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="StoreSettings",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("store_name", models.CharField(default="Storefront", max_length=100)),
                        ("contact_email", models.EmailField(default="hello@example.com", max_length=254)),
                        ("phone", models.CharField(blank=True, max_length=40)),
                        ("address", models.TextField(blank=True, verbose_name="postal address")),
                        (
                            "chat_enabled",
                            models.BooleanField(
                                default=True,
                                help_text="Shows the chat widget and accepts chat connections.",
                                verbose_name="customer chat enabled",
                            ),
                        ),
                        ("bank_account_name", models.CharField(blank=True, max_length=120)),
                        ("bank_iban", models.CharField(blank=True, max_length=40, verbose_name="IBAN")),
                        ("bank_bic", models.CharField(blank=True, max_length=20, verbose_name="BIC / SWIFT")),
                        ("bank_name", models.CharField(blank=True, max_length=120)),
                        (
                            "site",
                            models.OneToOneField(
                                editable=False, on_delete=django.db.models.deletion.CASCADE, to="wagtailcore.site"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "store settings",
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_type("home", "core"), move_content_type("core", "home")),
    ]
