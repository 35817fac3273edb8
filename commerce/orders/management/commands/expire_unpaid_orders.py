from django.core.management.base import BaseCommand

from commerce.orders.services import expire_unpaid_orders


class Command(BaseCommand):
    help = "Cancel orders awaiting payment past UNPAID_ORDER_TIMEOUT_MINUTES and return their stock. Safe to run often."

    def handle(self, *args, **options):
        expired = expire_unpaid_orders()
        self.stdout.write(f"Expired {expired} unpaid order{'s' if expired != 1 else ''}.")
