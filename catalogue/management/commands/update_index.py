"""Wagtail's `update_index`, then on PostgreSQL a VACUUM ANALYZE of the index entries.

A rebuild writes every entry about three times (stale entries out, each object upserted, every
title norm refreshed), which leaves two dead row versions per entry, planner statistics from
before the import and, in GIN indexes with fastupdate on (Wagtail's own), every new entry in a
pending list that each search scans in full. Autovacuum gets there eventually; searches right
after a bulk import should not wait for it.
"""

from django.db import connection
from wagtail.search.management.commands.update_index import Command as WagtailUpdateIndex
from wagtail.search.models import IndexEntry


class Command(WagtailUpdateIndex):
    def handle(self, **options):
        super().handle(**options)
        if connection.vendor == "postgresql" and not options["schema_only"]:
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(IndexEntry._meta.db_table)}")
