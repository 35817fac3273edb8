from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

# Each app adds its seeder here: an idempotent function taking the keyword argument `stdout`.
# Categories come before the site, whose home page features some of them; the shop needs the site.
DEMO_SEEDERS = [
    "catalogue.demo.seed_categories",
    "home.demo.seed_site",
    "commerce.accounts.demo.seed_accounts",
    "catalogue.demo.seed_catalogue",
    "home.demo.seed_landing_page",
    "commerce.discounts.demo.seed_discount_codes",
    "commerce.orders.demo.seed_shipping",
    "livechat.demo.seed_canned_replies",
]


class Command(BaseCommand):
    help = "Build a demo shop: page tree, demo accounts, catalogue. Safe to run more than once."

    def handle(self, *args, **options):
        for dotted_path in DEMO_SEEDERS:
            seeder = import_string(dotted_path)
            self.stdout.write(f"Seeding {dotted_path}")
            with transaction.atomic():
                seeder(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo shop ready."))
