# The author's name is read from the user now; a deleted user's reviews show no name.
# Reversible: going back gives the column a default first, then fills the names in again.

from django.db import migrations, models


def restore_author_names(apps, schema_editor):
    Review = apps.get_model('reviews', 'Review')
    for review in Review.objects.using(schema_editor.connection.alias).select_related('author'):
        review.author_name = 'Former customer' if review.author is None else review.author.first_name or review.author.email.split('@')[0]
        review.save(update_fields=['author_name'])


class Migration(migrations.Migration):

    dependencies = [
        ('reviews', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='review',
            name='author_name',
            field=models.CharField(default='', max_length=150),
        ),
        migrations.RunPython(migrations.RunPython.noop, restore_author_names),
        migrations.RemoveField(
            model_name='review',
            name='author_name',
        ),
    ]
