"""Search latency in-process, page cache off: where a cold `/shop/?q=` spends its time.

    DJANGO_SETTINGS_MODULE=site_project.settings.production ... python -m tests.bench.search_latency [--rounds 2]

Against a seeded catalogue (tests/bench/seed.py, then `update_index`), each query of QUERIES is
searched `--rounds` times after one pass to warm the process (and a garbage collector freeze, see
measure()): the search alone (catalogue.search.search_products: the ids in order, then the
listing's page of 24 read) and the whole page through Django's test client. Prints the median and 95th
percentile of each, and the search's median per query. One process, one client: the wrk bench
(tests/bench/run.py) measures the same page under concurrent load.
"""

import argparse
import gc
import statistics
import time

QUERIES = [
    "lamp",
    "mug",
    "kettle",
    "oak",
    "copper",
    "oak board",
    "copper kettle",
    "wool quilt",
    "brass lamp 42",
    "camp stove",
    "lamps",
    "kettles",
    "lam",
    "quil",
    "cedar ba",
    "lmap",
    "towl",
    "ketle",
    "lampz",
    "sturdy",
    "chair 1234",
    "b-1234-0",
    "xylophone",
    "linen towel",
    "slate rack",
]


def _timed(function, query: str) -> float:
    started = time.perf_counter()
    function(query)
    return (time.perf_counter() - started) * 1000


def _summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[max(0, round(len(ordered) * 0.95) - 1)]
    return f"n={len(ordered)} median {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, max {ordered[-1]:.1f} ms"


def measure(rounds: int) -> dict:
    from django.http import QueryDict
    from django.test import Client, override_settings

    from catalogue.models import ProductPage
    from catalogue.selectors import PRODUCTS_PER_PAGE, ListingFilters, product_search

    client = Client(HTTP_HOST="localhost")

    def search(query):
        product_ids = product_search(filters=ListingFilters(query=query)).product_ids
        ProductPage.objects.in_bulk(product_ids[:PRODUCTS_PER_PAGE])

    def page(query):
        response = client.get("/shop/", QueryDict(f"q={query}"))
        assert response.status_code == 200, (query, response.status_code)

    searches, pages = {}, {}
    with override_settings(PAGE_CACHE_SECONDS=0):
        for query in QUERIES:
            search(query)
            page(query)
        # A full garbage collection of the loaded site (about 240,000 objects) takes 100-200 ms and
        # lands on whichever request is running: frozen, the figures are the search's own.
        gc.freeze()
        for _ in range(rounds):
            for query in QUERIES:
                searches.setdefault(query, []).append(_timed(search, query))
                pages.setdefault(query, []).append(_timed(page, query))
    return {"search": searches, "page": pages}


def main(argv=None):
    import django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    django.setup()
    timings = measure(args.rounds)
    for name, by_query in timings.items():
        print(f"{name}: {_summary([t for times in by_query.values() for t in times])}")
    print("search median per query:")
    for query, times in timings["search"].items():
        page = statistics.median(timings["page"][query])
        print(f"  {query!r:16} {statistics.median(times):6.1f} ms   page {page:6.1f} ms")


if __name__ == "__main__":
    main()
