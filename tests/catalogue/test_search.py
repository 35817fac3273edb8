import pytest
from django.core.management import call_command
from django.db import connection

from catalogue import search
from catalogue.models import ProductPage
from catalogue.selectors import ListingFilters, product_search


def found(query):
    outcome = product_search(filters=ListingFilters(query=query))
    titles = ProductPage.objects.filter(pk__in=outcome.product_ids).values_list("title", flat=True)
    return sorted(titles), outcome.corrected_query


@pytest.mark.django_db
def test_with_more_matches_than_kept_the_title_matches_are_kept(make_product, monkeypatch):
    make_product("Oak board", summary="Sits well under a lamp")
    make_product("Desk lamp")
    make_product("Linen quilt", summary="Warm enough to read by lamp light")
    make_product("Floor lamp")
    monkeypatch.setattr(search, "MAX_MATCHES", 2)
    assert found("lamp") == (["Desk lamp", "Floor lamp"], "")


@pytest.mark.django_db
def test_numbers_in_titles_are_not_spelling_corrections(make_product):
    make_product("Oak lamp 4521")
    assert search.spelling_suggestion("lmap 4522") == "lamp 4522"


@pytest.mark.django_db
def test_spelling_corrections_learn_a_newly_published_title_with_the_page_cache_on(
    page_cache, make_product, django_capture_on_commit_callbacks
):
    make_product("Walnut chopping board")
    assert search.spelling_suggestion("lmap") == "lmap"
    with django_capture_on_commit_callbacks(execute=True):  # the purge waits for the commit
        make_product("Desk lamp")
    assert search.spelling_suggestion("lmap") == "lamp"


@pytest.mark.postgres
@pytest.mark.django_db
def test_on_postgresql_titles_starting_with_the_word_come_after_the_words_matches(make_product, monkeypatch):
    make_product("Lampshade")
    make_product("Desk lamp")
    make_product("Walnut chopping board")
    assert found("lamp") == (["Desk lamp", "Lampshade"], "")
    monkeypatch.setattr(search, "MAX_MATCHES", 1)
    assert found("lamp") == (["Desk lamp"], "")


@pytest.mark.django_db
def test_a_typo_close_to_a_title_word_is_searched_as_that_word_and_said_so(make_product):
    # On PostgreSQL the title trigrams would find it too, without saying what was searched.
    make_product("Linen towel")
    make_product("Desk lamp")
    assert found("towl") == (["Linen towel"], "towel")


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_typo_as_far_as_the_trigram_threshold_still_finds_titles(make_product):
    # word_similarity("lampshaed", "Desk lamp") is 0.4: found at TRIGRAM_THRESHOLD (0.3), not at
    # pg_trgm's default of 0.6; difflib finds no correction for it either.
    make_product("Desk lamp")
    make_product("Floor lamp")
    make_product("Walnut chopping board")
    assert found("lampshaed") == (["Desk lamp", "Floor lamp"], "")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_update_index_leaves_the_index_entries_vacuumed_and_analysed(make_product):
    make_product("Desk lamp")
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")
        (started,) = cursor.fetchone()
        call_command("update_index", verbosity=0)
        cursor.execute(
            "SELECT last_vacuum >= %s, last_analyze >= %s FROM pg_stat_user_tables"
            " WHERE relname = 'wagtailsearch_indexentry'",
            [started, started],
        )
        assert cursor.fetchone() == (True, True)
    assert found("lamp") == (["Desk lamp"], "")
