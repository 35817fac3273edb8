"""Product search that forgives: stemming, prefixes as you type, and spelling mistakes.

Tried in order until one finds something:
1. full-text search over the index (stemmed: PostgreSQL with the "english" configuration);
2. prefixes (the autocomplete index on titles): "lam" finds lamps (on PostgreSQL in the same
   query as 1, after its matches);
3. the closest words of live product titles and categories ("lmap" → "lamp", "towl" → "towel"),
   searched again and reported as "Did you mean";
4. on PostgreSQL, trigram similarity of the title (pg_trgm, migration 0004), for what no single
   word is close to: "lampshaed" finds lamps.
The words come before the trigrams: they cost no query (the vocabulary is kept with the cached
pages) and say what was searched instead, where trigrams quietly showed look-alikes. On PostgreSQL
a misspelt search is two queries (the words and prefixes, then the corrected words); it was five
to seven.

What made it slow at 10,000 products on PostgreSQL (EXPLAIN ANALYZE; tests/bench/search_latency.py):
no single step, but every step reading the whole catalogue. Wagtail filters on `title || body`,
which its GIN indexes (one per column) cannot answer, so each search read every index entry;
the trigram fallback filtered on the similarity function, which reads every title; and after a
bulk `update_index` the GIN indexes kept every entry in their pending lists, scanned in full by
each search, until a vacuum (autovacuum may be off, or late). Hence migration 0006 (an index on
the expression, a trigram index used through the `%>` operator) and our `update_index` (VACUUM
ANALYZE afterwards). Building a page object for each of 240 matches cost as much as the query, so
only ids are read (`_indexed_matches` reads them from the index table alone), and spelling
suggestions compare with words, not the thousands of numbers in titles. What is left grows with
the matches, not the catalogue: a word found in every product still ranks every one (about 15 ms
at 10,000).
"""

import difflib
import re
from dataclasses import dataclass

from django.db import connection, transaction

from core.pagecache import shared
from core.selectors import public

from .models import Category, ProductPage

WORD = re.compile(r"\w+")
TRIGRAM_THRESHOLD = 0.3
# The index is asked for the ids of the most relevant matches only (ten pages of them: building a
# page object per match is what a search costs); prices, stock and sorting stay in the listing's own
# query, whose annotation filters (min_price) the search backend cannot translate.
MAX_MATCHES = 240


@dataclass
class SearchOutcome:
    product_ids: object  # in order: a list, or a queryset of ids a Paginator counts and slices
    corrected_query: str = ""  # "Did you mean": the query the results are for, when not the shopper's


def search_products(products, query: str, *, ordering: tuple) -> SearchOutcome:
    """`products` (a filtered, annotated queryset) matching `query`, as forgivingly as the database
    allows, in `ordering`.

    Each attempt is one query: the search's best MAX_MATCHES as a subquery of the listing's own,
    which filters and sorts them and returns their ids. Their number is then the count (no COUNT
    query), and no list of every match is sent back to the database."""

    def listed(matches) -> list[int]:
        return list(products.filter(pk__in=matches).order_by(*ordering).values_list("pk", flat=True))

    live = public(ProductPage.objects.live())
    ids = _full_text_ids(live, query, listed)
    corrected = ""
    if not ids:
        suggestion = spelling_suggestion(query)
        if suggestion and suggestion != query.lower():
            ids = _full_text_ids(live, suggestion, listed)
            corrected = suggestion if ids else ""
    if not ids and connection.vendor == "postgresql":
        ids = _similar_title_ids(query, listed)
    return SearchOutcome(ids, corrected_query=corrected)


def _full_text_ids(live, query: str, listed) -> list[int]:
    if connection.vendor == "postgresql":
        # Stemmed by the "english" configuration: "mugs" finds mugs with no singular to try.
        matches = _indexed_matches(live.search(query), live.autocomplete(query))
        return listed(matches) if matches is not None else []
    singular = _singular(query)
    searches = [lambda: live.search(query), lambda: live.autocomplete(query)]
    if singular:
        searches.append(lambda: live.search(singular))
    for search in searches:
        # The backend's queryset (every database backend builds one), ranked and cut to the best
        # MAX_MATCHES, as a subquery: no page object is built for a match.
        ids = listed(search()[:MAX_MATCHES].get_queryset().values("pk"))
        if ids:
            return ids
    return []


def _indexed_matches(words, prefixes):
    """On PostgreSQL, the ids of the MAX_MATCHES products best matching a search (`words`: its
    words, stemmed, in the title or description) or else an autocomplete (`prefixes`: title words
    starting so, as typed: "lam" finds lamps), as a subquery; None when the query has no word.

    One query over Wagtail's index table alone, with the queries and rankings its backend builds:
    every match of the words first, best first, then the titles matched only by prefixes. The
    backend's own queryset joins every product to the index (each id cast to text) and checks each
    match is live: 5.3 ms against 0.9 ms for "lamp" at 10,000 products, 22 against 12 for a word
    in every description; and a search then an autocomplete were two queries where the first
    found nothing. The listing's own query keeps the live and public products among the matches
    (so a product not live can take one of the places)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import F, IntegerField, Q
    from django.db.models.functions import Cast
    from wagtail.search.models import IndexEntry

    def compiled(results):
        compiler = results.query_compiler
        config = compiler.get_config(results.backend)
        return compiler, config, compiler.build_tsquery(compiler.query, config=config)

    word_compiler, word_config, word_query = compiled(words)
    _, _, prefix_query = compiled(prefixes)
    if word_query is None or prefix_query is None:
        return None
    # A match of the words ranks above 0, a title matched only by prefixes at 0: words first.
    title_rank = word_compiler.build_tsrank(F("title"), word_compiler.query, config=word_config)
    body_rank = word_compiler.build_tsrank(F("body"), word_compiler.query, config=word_config)
    word_rank = title_rank * F("title_norm") + body_rank
    entries = (
        IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(ProductPage))
        # title || body: what migration 0006 indexes
        .annotate(_text_=F("title")._combine(F("body"), "||", False), _title_words_=F("autocomplete"))
        .filter(Q(_text_=word_query) | Q(_title_words_=prefix_query))
        .annotate(product_id=Cast("object_id", IntegerField()))
    )
    return entries.order_by(word_rank.desc(), F("product_id").desc()).values("product_id")[:MAX_MATCHES]


def _singular(query: str) -> str:
    """A crude English singular for backends that do not stem (the embedded SQLite): "mugs" → "mug"."""
    words = [re.sub(r"(?<=[^s])(es|s)$", "", word) if len(word) > 3 else word for word in WORD.findall(query)]
    singular = " ".join(words)
    return singular if singular != query else ""


def _similar_title_ids(query: str, listed) -> list[int]:
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.postgres.lookups import TrigramWordSimilar
    from django.contrib.postgres.search import TrigramWordSimilarity
    from django.db.models import F, Value
    from wagtail.models import Page

    # Pages, not products: joining each title's product row cost more than the trigram lookup. The
    # listing's own query keeps the products among them.
    product_pages = Page.objects.filter(content_type=ContentType.objects.get_for_model(ProductPage), live=True)
    similar = (
        product_pages.filter(TrigramWordSimilar(F("title"), Value(query)))
        .annotate(similarity=TrigramWordSimilarity(query, "title"))
        .order_by("-similarity", "pk")
    )
    # The `%>` operator (unlike a filter on the similarity) uses the title's trigram index
    # (migration 0006); it compares with this setting, set for this transaction only.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [str(TRIGRAM_THRESHOLD)])
        return listed(similar.values("pk")[:MAX_MATCHES])


def spelling_suggestion(query: str) -> str:
    """The query with each unknown word replaced by the closest word of live titles and categories."""
    # Kept with the cached pages, which publishing and category changes purge: reading every
    # title is most of what a misspelt search costs.
    vocabulary = shared("search-vocabulary", _vocabulary, on_every_page=False)
    words = [word.lower() for word in WORD.findall(query)]
    if not words or not vocabulary:
        return ""
    corrected = []
    for word in words:
        if word in vocabulary:
            corrected.append(word)
            continue
        close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.7)
        corrected.append(close[0] if close else word)
    return " ".join(corrected)


def _vocabulary() -> set[str]:
    titles = public(ProductPage.objects.live()).values_list("title", flat=True)
    names = Category.objects.values_list("name", flat=True)
    # Words only: numbers in titles ("Oak Lamp 4521") are thousands of entries for difflib to compare
    # with, and a number is not misspelt.
    words = (word.lower() for text in [*titles, *names] for word in WORD.findall(text))
    return {word for word in words if len(word) > 2 and word.isalpha()}


def promoted_results(query: str) -> list:
    """What Managers promoted for this search (Admin › Promoted search results), in their order,
    live pages and external links only; nothing is written for the search."""
    from wagtail.search.utils import normalise_query_string

    # Every promotion at once, kept with the cached pages (a shop has tens of them, and
    # catalogue.signals purges when one changes): a search then costs no query for them.
    return shared("search-promotions", _promotions_by_query).get(normalise_query_string(query), [])


def _promotions_by_query() -> dict[str, list]:
    from django.db.models import Q
    from wagtail.contrib.search_promotions.models import SearchPromotion

    promotions = SearchPromotion.objects.filter(Q(page__isnull=True) | Q(page__live=True))
    by_query: dict[str, list] = {}
    for promotion in promotions.select_related("query", "page").order_by("sort_order", "pk"):
        by_query.setdefault(promotion.query.query_string, []).append(promotion)
    return by_query


def popular_products(*, request, limit: int = 4) -> list[str]:
    """For an empty result, their cards: featured products first, then the newest (see selectors.product_cards)."""
    from .selectors import product_cards

    cards = product_cards(request=request, featured=True, limit=limit)
    return cards or product_cards(request=request, limit=limit)
