"""Anonymous page cache: Wagtail-served storefront pages, stored whole in Django's cache.

Why our own middleware rather than wagtail-cache or Django's per-site cache: a price or stock
change shows on the product page, on every listing, search and home page that lists the product
and on other products' "you may also like", so no list of URLs can be purged reliably. Entries
carry a *generation* instead, and `purge()` bumps it: every entry stored before is then ignored,
at the cost of one small write, on Redis (shared by every web process) and on the embedded
locmem cache alike. One `get_many` fetches the generation and the entry together.

What is never stored (so a cached page carries nothing personal and no one's CSRF token):
- anything not rendered for a visitor with no cookies at all: no session (so no user, cart or
  messages) and no CSRF cookie; the render itself then cannot have been personal;
- a response for which a CSRF token was generated (`get_token`), or that set a cookie or touched
  the session; forms on cached pages fetch their token from `/csrf/` (static/js/csrf.js);
- anything but a 200 HTML page served by Wagtail's page view, or marked private/no-store.

Entries are served to every visitor who is not signed in and has no message waiting; signed-in
visitors and non-GET requests always go to the view.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse

GENERATION_KEY = "pagecache:generation"
SERVE_VIEW = "wagtail_serve"

# The keys of the shared data renders in this process have read on every page (names only, never
# values), and what the render under way read of them with the generation (see `shared`).
_EVERY_PAGE_KEYS: set[str] = set()
_read_for_render: ContextVar[dict | None] = ContextVar("pagecache_read_for_render", default=None)


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def purge() -> None:
    """Forget every cached page (they are ignored from now on and expire by themselves)."""
    _cache().set(GENERATION_KEY, time.time_ns(), None)


def purge_on_commit() -> None:
    """Purge once the current transaction commits (at once outside one): a page rendered between
    the change and the commit would otherwise be stored with the old figures."""
    transaction.on_commit(purge)


def _timeout() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 600)


def keeps_shared_data() -> bool:
    """Whether `shared` keeps what it computes (the page cache is on); when not, every render
    computes it again, and what is cheap to keep may not be the cheapest to compute."""
    return _timeout() > 0


def _generation(cache, found: dict):
    """The generation read with `found`, created if there is none yet."""
    generation = found.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), None)
        generation = cache.get(GENERATION_KEY)
    return generation


def _read(cache, keys) -> dict:
    """Each key's entry, None for those not stored, in one round trip."""
    found = cache.get_many(keys)
    return {key: found.get(key) for key in keys}


def shared(name: str, compute, *, on_every_page: bool = True):
    """Site-wide data every page render reads (store settings, menu, private sections), kept with
    the cached pages and forgotten with them by purge(): the same events that change a page change
    these. Pages rendered for signed-in visitors, which are never cached, are spared their queries.
    `compute` runs when nothing is stored, or always when the page cache is off.

    A render the page cache could store gets everything it reads `on_every_page` in one round trip
    with the generation (AnonymousPageCacheMiddleware), read once however often it is asked for:
    a get_many each, seven per product page, cost about 5% of an uncached render's CPU. Data only
    some pages read (the search vocabulary) is not fetched for every page."""
    timeout = _timeout()
    if timeout <= 0:
        return compute()
    cache = _cache()
    key = f"pagecache:shared:{name}"
    read = _read_for_render.get()
    if read is None:
        read = _read(cache, [GENERATION_KEY, key])
    elif key not in read:
        read.update(_read(cache, [key]))
    if on_every_page:
        _EVERY_PAGE_KEYS.add(key)
    generation = read[GENERATION_KEY] = _generation(cache, read)
    entry = read[key]
    if entry is not None and entry[0] == generation:
        return entry[1]
    value = compute()
    # Stored under the generation read before computing: a purge in between makes it stale at once.
    if generation is not None:
        cache.set(key, (generation, value), timeout)
        read[key] = (generation, value)
    return value


def shared_many(names: list[str], compute_missing) -> dict:
    """`shared` for many pieces at once (one product card each): each name's value, those not kept
    at the current generation computed together by `compute_missing(names) -> {name: value}` and
    kept, in one round trip to read and one to write. Every name is computed when the page cache
    is off."""
    timeout = _timeout()
    if timeout <= 0 or not names:
        return compute_missing(names) if names else {}
    cache = _cache()
    keys = {name: f"pagecache:shared:{name}" for name in names}
    read = _read_for_render.get() or {}
    known = GENERATION_KEY in read
    found = _read(cache, [*keys.values()] if known else [GENERATION_KEY, *keys.values()])
    generation = _generation(cache, read if known else found)
    values, missing = {}, []
    for name, key in keys.items():
        entry = found[key]
        if entry is not None and entry[0] == generation:
            values[name] = entry[1]
        else:
            missing.append(name)
    if missing:
        computed = compute_missing(missing)
        # Kept under the generation read before computing, as in `shared`.
        if generation is not None:
            cache.set_many({keys[name]: (generation, value) for name, value in computed.items()}, timeout)
        values.update(computed)
    return values


def _key(request) -> str:
    url = f"{request.get_host()}{request.get_full_path()}"
    return "pagecache:page:" + hashlib.sha256(url.encode()).hexdigest()


def _has_personal_state(request) -> bool:
    """A signed-in visitor, or one with a message waiting, sees their own page."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    if request.user.is_authenticated:
        return True
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _storable(request, response, *, had_cookies: bool) -> bool:
    cache_control = response.get("Cache-Control", "")
    session = getattr(request, "session", None)
    return (
        not had_cookies
        and response.status_code == 200
        and getattr(request.resolver_match, "url_name", None) == SERVE_VIEW
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.modified)
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


# Pages this process served lately, as stored (generation, body, content type): a hit then asks the
# shared cache for the generation only, not for the body too. The body is bytes, never changed, and
# served only while its generation is the current one, so a purge anywhere still takes effect at
# once. Fetching a 36 KB body with every hit was a third of a hit's time.
# Threaded servers share it: a lock keeps the order and the size right.
_recent: OrderedDict[str, tuple] = OrderedDict()
_recent_lock = threading.Lock()


def _remember(key: str, entry: tuple) -> None:
    with _recent_lock:
        _recent[key] = entry
        _recent.move_to_end(key)
        while len(_recent) > getattr(settings, "PAGE_CACHE_RECENT_PAGES", 200):
            _recent.popitem(last=False)


def _lookup(cache, key: str) -> tuple:
    """The current generation and the entry stored under `key` (None if none): one round trip,
    and a small one for a page this process served lately."""
    recent = _recent.get(key)
    if recent is not None:
        generation = cache.get(GENERATION_KEY)
        if recent[0] == generation:
            return generation, recent
        with _recent_lock:
            _recent.pop(key, None)
        found = {GENERATION_KEY: generation, key: cache.get(key)}
    else:
        found = cache.get_many([GENERATION_KEY, key])
    entry = found.get(key)
    if entry is not None and entry[0] == found.get(GENERATION_KEY):
        _remember(key, entry)
    return found.get(GENERATION_KEY), entry


class AnonymousPageCacheMiddleware:
    """Placed after the session, auth and messages middleware (it reads the user and messages)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = _timeout()
        if timeout <= 0 or request.method != "GET" or _has_personal_state(request):
            return self.get_response(request)
        cache = _cache()
        key = _key(request)
        generation, entry = _lookup(cache, key)
        if entry is not None and entry[0] == generation:
            response = HttpResponse(entry[1], content_type=entry[2])
            response["X-Page-Cache"] = "hit"
            return response

        had_cookies = bool(request.COOKIES)
        read = _read(cache, [*_EVERY_PAGE_KEYS]) if _EVERY_PAGE_KEYS else {}
        read[GENERATION_KEY] = generation
        reading = _read_for_render.set(read)
        try:
            response = self.get_response(request)
        finally:
            _read_for_render.reset(reading)
        if _storable(request, response, had_cookies=had_cookies):
            generation = _generation(cache, read)
            entry = (generation, response.content, response["Content-Type"])
            cache.set(key, entry, timeout)
            _remember(key, entry)
            response["X-Page-Cache"] = "miss"
        return response


class SharedSiteMiddleware:
    """Wagtail's site for the request (`request._wagtail_site`, which `Site.find_for_request` reads)
    and its root page's specific object from the shared data: the first two queries of every page
    render. Not for the admin, which edits those pages. Placed after AnonymousPageCacheMiddleware,
    so cache hits do not pay for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(settings.WAGTAILADMIN_PATH):
            request._wagtail_site = shared(f"site:{request.get_host()}:{request.get_port()}", lambda: _site(request))
        return self.get_response(request)


def _site(request):
    from wagtail.models import Site

    site = Site._find_for_request(request)
    if site is not None:
        site.root_page.specific  # noqa: B018 - loaded now, so it is kept with the site
    return site
