# The Review model, moved here from the catalogue app. Its table already exists (renamed by
# catalogue.0003), so the model is created in the migration state only. The content type moves
# with it, so permissions granted on reviews (and admin history) stay attached.

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, from_app='catalogue', to_app='reviews'):
    content_types = apps.get_model('contenttypes', 'ContentType').objects.using(schema_editor.connection.alias)
    moving = content_types.filter(app_label=from_app, model='review')
    if moving.exists():
        # After a rollback, post_migrate may have made an empty stand-in under the other label;
        # the original, which groups' permissions and admin history point to, replaces it.
        content_types.filter(app_label=to_app, model='review').delete()
        moving.update(app_label=to_app)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, from_app='reviews', to_app='catalogue')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('catalogue', '0003_move_review_to_reviews_app'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Review',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('author_name', models.CharField(max_length=150)),
                        ('rating', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)])),
                        ('title', models.CharField(max_length=150)),
                        ('body', models.TextField(max_length=5000)),
                        ('created', models.DateTimeField(auto_now_add=True)),
                        ('approved', models.BooleanField(db_index=True, default=False)),
                        ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reviews', to=settings.AUTH_USER_MODEL)),
                        ('product', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='catalogue.productpage')),
                    ],
                    options={
                        'ordering': ['-created'],
                        'constraints': [
                            models.UniqueConstraint(fields=('product', 'author'), name='catalogue_review_one_per_author'),
                            models.CheckConstraint(condition=models.Q(('rating__gte', 1), ('rating__lte', 5)), name='catalogue_review_rating_1_5'),
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
