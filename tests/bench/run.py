"""`make bench`: the shop as deployed, on loopback against PostgreSQL and Redis, loaded by wrk.

    python -m tests.bench.run [--products 10000] [--duration 10] [--connections 8] [--out tests/bench]

Seeds a catalogue of `--products` (bulk, tests/bench/seed.py), then for each server setup starts
it, warms what should be warm, and drives each target with wrk from another process for a fixed
time. The shop is served as the Procfile says (pages by its `web` process, gunicorn), and, beside
it, by uvicorn alone for pages and websockets. Every target's req/s is written as a share of the
WSGI ceiling measured in the same run (Django's hello world under gunicorn sync workers), since
absolute figures vary with the machine and what else runs on it. Writes results.md and
results.json in `--out`.

Beyond the pages: `/cart/` signed in, a checkout race (`--race-shoppers` guests at once for a
variant with `--race-stock` units on the Procfile's `web`, counted afterwards in the database) and
chat fan-out (`--chat-customers` customers with a tab on each of two Procfile `realtime` processes,
tests/bench/chat.py).
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

from tests.bench.search_latency import QUERIES
from tests.ops.procfile import procfile_command

ROOT = Path(__file__).resolve().parent.parent.parent
BENCH = Path(__file__).resolve().parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
WORKERS = 2
# Distinct paths a "cache cold" target rotates through: more than it requests in --duration.
COLD_PATHS = 3000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def shop_env(args) -> dict:
    return {
        **os.environ,
        "PATH": f"{BIN}:{os.environ['PATH']}",
        "DJANGO_SETTINGS_MODULE": "site_project.settings.production",
        "SECRET_KEY": "bench-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "CACHE_KEY_PREFIX": "bench",
        "CHANNEL_LAYER_PREFIX": "bench",
        "LOG_LEVEL": "WARNING",
        "WEB_CONCURRENCY": str(WORKERS),
        # The Procfile's servers, told by environment what the bench's own commands pass as flags.
        "GUNICORN_CMD_ARGS": "--log-level warning",
        "UVICORN_LOG_LEVEL": "warning",
        "UVICORN_ACCESS_LOG": "false",
    }


def manage(env, *command, capture=False):
    result = subprocess.run(
        [PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=capture, text=True
    )
    return result.stdout


def prepare(args, env) -> dict:
    """Database, migrations, static files, demo shop, bulk catalogue; returns the URLs to load."""
    database = args.database_url.rsplit("/", 1)[1]
    host = ["-h", "127.0.0.1", "-U", "postgres"]
    if args.fresh:
        subprocess.run(["dropdb", *host, "--if-exists", database], check=True)
    created = subprocess.run(["createdb", *host, database], capture_output=True, text=True)
    if created.returncode and "already exists" not in created.stderr:
        raise RuntimeError(created.stderr)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "seed_demo", capture=True)
    script = (
        "import json; from tests.bench.seed import seed_catalogue; from catalogue.models import ProductPage; "
        f"added = seed_catalogue({args.products}); "
        "product = ProductPage.objects.live().filter(variants__isnull=False).order_by('path')[10]; "
        "print(json.dumps({'added': added, 'products': ProductPage.objects.count(), 'product': product.url, "
        f"'cold_products': [page.url for page in ProductPage.objects.live().order_by('-path')[:{COLD_PATHS}]]}}))"
    )
    seeded = json.loads(manage(env, "shell", "-c", script, capture=True).strip().splitlines()[-1])
    if args.index and seeded["added"]:
        manage(env, "update_index", "-v", "0", capture=True)
    script = (
        "import json; from tests.bench.seed import seed_load; "
        f"print(json.dumps(seed_load(chat_customers={args.chat_customers}, race_stock={args.race_stock})))"
    )
    seeded["load"] = json.loads(manage(env, "shell", "-c", script, capture=True).strip().splitlines()[-1])
    return seeded


def sold_in_race(env, variant_id: int) -> dict:
    """Orders and units of the race variant, and its stock left, read from the database."""
    script = (
        "import json; from django.db.models import Sum; from commerce.orders.models import OrderLine; "
        "from catalogue.models import StockRecord; "
        f"lines = OrderLine.objects.filter(variant_id={variant_id}); "
        "print(json.dumps({'orders': lines.values('order').distinct().count(), "
        "'units_sold': lines.aggregate(units=Sum('quantity'))['units'] or 0, "
        f"'stock_left': StockRecord.objects.get(variant_id={variant_id}).quantity}}))"
    )
    return json.loads(manage(env, "shell", "-c", script, capture=True).strip().splitlines()[-1])


class Server:
    def __init__(self, name, command, env):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [part.replace("$PORT", str(self.port)) for part in command]
        # A Procfile process listens on one of these ($REALTIME_PORT for `realtime`).
        ports = {"PORT": str(self.port), "REALTIME_PORT": str(self.port)}
        self.process = subprocess.Popen(
            command, cwd=ROOT, env={**env, **ports}, stdout=subprocess.DEVNULL, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/", timeout=5) as response:  # noqa: S310
                    response.read()
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"{name} did not start")

    def get(self, path):
        with urllib.request.urlopen(self.url + path, timeout=30) as response:  # noqa: S310
            return response.headers.get("X-Page-Cache"), response.read()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def load(url, args, headers=(), rotation=None) -> dict:
    """wrk against `url`, or, given `rotation` (a file of paths), against each path in turn."""
    threads = min(2, args.connections)
    command = [
        args.wrk,
        *(part for header in headers for part in ("-H", header)),
        f"-t{threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout",
        "10s",
        "-s",
        str(BENCH / ("rotate.lua" if rotation else "latency.lua")),
        url,
        *(["--", str(rotation), str(threads)] if rotation else []),
    ]
    env = {**os.environ, "BENCH_DIR": str(BENCH)}
    output = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout
    result = json.loads([line for line in output.splitlines() if line.startswith("{")][-1])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def setups(args, env):
    """(name, command, environment, [(target, path, cache, headers)]) for every server setup measured.

    A path given as a list is rotated through: each request asks for a page not cached yet."""
    shop_targets = [
        ("/", "/"),
        ("/shop/", "/shop/"),
        ("a category", "/shop/category/kitchen/"),
        ("a search", "/shop/?q=lamp"),
        ("a product page", args.product_url),
    ]
    gunicorn = [str(BIN / "gunicorn"), "-b", "127.0.0.1:$PORT", "-w", str(WORKERS), "--log-level", "warning"]
    cold = {**env, "PAGE_CACHE_SECONDS": "0"}
    yield (
        "Django hello world, gunicorn sync",
        [*gunicorn, "tests.bench.hello:application"],
        env,
        [("ceiling", "/", "none", ())],
    )
    yield (
        "Django hello world, uvicorn",
        [*uvicorn_command(WORKERS), "tests.bench.hello:asgi_application"],
        env,
        [("ceiling", "/", "none", ())],
    )
    servers = [("shop, Procfile web (gunicorn sync)", procfile_command("web"))]
    if not args.quick:
        servers.append(("shop, uvicorn for pages and websockets", shop_command(WORKERS)))
    signed_in = (f"Cookie: sessionid={args.cart_session}",)
    for server, command in servers:
        targets = [(name, path, "warm", ()) for name, path in shop_targets]
        targets.append(("/cart/ signed in", "/cart/", "never cached", signed_in))
        yield f"{server}, cache warm", command, env, targets
        if not args.quick:
            # Cold: the page cache on, every request for a page it does not hold yet (other products,
            # other searches, an unused query parameter), as when visitors spread over a large
            # catalogue. Each target starts from a purge, as after any publish: the site-wide data
            # and product cards (core.pagecache.shared, catalogue.cards) are kept again as renders
            # need them, as they would be in operation.
            searches = ["/shop/?" + urlencode({"q": QUERIES[n % len(QUERIES)], "visit": n}) for n in range(COLD_PATHS)]
            never_seen = [
                ("/shop/", [f"/shop/?visit={n}" for n in range(COLD_PATHS)]),
                (f"searches ({len(QUERIES)} queries in turn)", searches),
                ("a product page", args.cold_products),
            ]
            yield f"{server}, cache cold", command, env, [(name, paths, "cold", ()) for name, paths in never_seen]
            # Off: no page cache and no shared site-wide data either, every render from scratch.
            cold_targets = ("/shop/", "a search", "a product page")
            targets = [(name, path, "off", ()) for name, path in shop_targets if name in cold_targets]
            yield f"{server}, cache off", command, cold, targets


def run(args) -> dict:
    env = shop_env(args)
    started = time.monotonic()
    load_before = os.getloadavg()  # the machine's, not this bench's own seeding
    seeded = prepare(args, env)
    args.product_url = seeded["product"]
    args.cold_products = seeded["cold_products"]
    args.cart_session = seeded["load"]["cart_session"]
    rows = []
    for name, command, server_env, targets in setups(args, env):
        server = Server(name, command, server_env)
        try:
            for label, path, cache, headers in targets:
                if cache == "cold":
                    manage(env, "shell", "-c", "from core.pagecache import purge; purge()", capture=True)
                rotation = None
                if isinstance(path, list):
                    rotation = BENCH / ".rotation"
                    rotation.write_text("\n".join(path) + "\n")
                    path = f"{path[0]} and {len(path) - 1:,} more, each once"
                for _ in range(2):
                    server.get("/" if rotation else path)  # renditions made, cache filled where it is on
                result = load(server.url + ("/" if rotation else path), args, headers, rotation)
                rows.append({"setup": name, "target": label, "path": path, **result})
                print(f"{name:45} {label:16} {result['rps']:9.1f} req/s  p95 {result['p95_ms']:.1f} ms", flush=True)
        finally:
            server.stop()
    race = measure_race(args, env, seeded["load"]["race_variant"])
    chat = measure_chat(args, env, seeded["load"]["chat_sessions"])
    ceiling = next(row["rps"] for row in rows if row["setup"].startswith("Django hello world, gunicorn"))
    for row in rows:
        row["share_of_ceiling"] = row["rps"] / ceiling
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
        "conditions": {
            "cpus": os.cpu_count(),
            "load_average_before": load_before,
            "load_average_after": os.getloadavg(),
            "workers_per_server": WORKERS,
            "connections": args.connections,
            "duration_s": args.duration,
            "products": seeded["products"],
            "database": "PostgreSQL (loopback)",
            "cache": "Redis (loopback), django-redis",
            "seconds_total": round(time.monotonic() - started),
        },
        "results": rows,
        "checkout_race": race,
        "chat": chat,
    }


def uvicorn_command(workers: int) -> list[str]:
    return [
        str(BIN / "uvicorn"), "--host", "127.0.0.1", "--port", "$PORT", "--workers", str(workers),
        "--lifespan", "off", "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip


def shop_command(workers: int) -> list[str]:
    return [*uvicorn_command(workers), "--ws", "websockets", "site_project.asgi:application"]


def measure_race(args, env, variant_id: int) -> dict:
    from tests.bench.race import run_race

    before = sold_in_race(env, variant_id)  # earlier runs on the same database sold it too
    server = Server("shop, Procfile web (checkout race)", procfile_command("web"), env)
    try:
        result = run_race(server.url, variant_id, shoppers=args.race_shoppers)
    finally:
        server.stop()
    after = sold_in_race(env, variant_id)
    result.update(
        stock=args.race_stock,
        orders=after["orders"] - before["orders"],
        units_sold=after["units_sold"] - before["units_sold"],
        stock_left=after["stock_left"],
    )
    print(f"checkout race: {result}", flush=True)
    return result


def measure_chat(args, env, sessions: list[str]) -> dict:
    from tests.bench.chat import run_chat

    # Every bench socket comes from one address: tests/bench/settings.py lifts only the per-address limits.
    chat_env = {**env, "DJANGO_SETTINGS_MODULE": "tests.bench.settings", "REALTIME_CONCURRENCY": "1"}
    first = Server("shop, Procfile realtime (chat, first process)", procfile_command("realtime"), chat_env)
    second = Server("shop, Procfile realtime (chat, second process)", procfile_command("realtime"), chat_env)
    try:
        cookies = [f"sessionid={key}" for key in sessions]
        result = run_chat(first.url, second.url, cookies, rounds=args.chat_rounds)
    finally:
        first.stop()
        second.stop()
    print(f"chat: {result}", flush=True)
    return result


def markdown(report) -> str:
    c = report["conditions"]
    lines = [
        "# Bench results",
        "",
        f"Run {report['date']} at {report['commit']}: {c['products']} products, {c['connections']} connections, "
        f"{c['duration_s']} s per target, {c['workers_per_server']} workers per server, {c['cpus']} CPUs, "
        f"load average {c['load_average_before'][0]:.1f} before and {c['load_average_after'][0]:.1f} after "
        f"({'other work shared the machine' if c['load_average_before'][0] > 1 else 'a quiet machine'}), "
        f"{c['database']}, {c['cache']}; {c['seconds_total']} s in all.",
        "Shares are of the WSGI ceiling (Django's hello world under gunicorn sync workers) measured in this run.",
        "",
        "| setup | target | req/s | share of the WSGI ceiling | p50 ms | p95 ms | p99 ms | errors | non-2xx/3xx |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in report["results"]:
        lines.append(
            f"| {row['setup']} | {row['target']} | {row['rps']:,.1f} | {row['share_of_ceiling']:.1%} | "
            f"{row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {row['p99_ms']:.1f} | "
            f"{row['errors']} | {row['non_2xx_3xx']} |"
        )
    race = report["checkout_race"]
    lines += [
        "",
        f"Checkout race: {race['shoppers']} guests press Place order at once for one variant with {race['stock']} "
        f"units (the Procfile's web, gunicorn, {c['workers_per_server']} workers).",
        "",
        "| orders placed | units sold | stock left | refused | 5xx or failed | p50 ms | p95 ms | max ms |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {race['orders']} | {race['units_sold']} | {race['stock_left']} | {race['refused_responses']} | "
        f"{race['errors']} | {race['p50_ms']:.0f} | {race['p95_ms']:.0f} | {race['max_ms']:.0f} |",
    ]
    chat = report["chat"]
    lines += [
        "",
        f"Chat: {chat['sockets']} sockets on two Procfile realtime processes (uvicorn, one worker each) sharing "
        "Redis; each customer sends from the tab on the first process (25 messages a second in all) and delivery "
        "is timed at the tab on the second.",
        "",
        "| messages | delivered | lost | p50 ms | p95 ms | p99 ms |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {chat['messages']} | {chat['delivered']} | {chat['lost']} | {chat['p50_ms']:.1f} | {chat['p95_ms']:.1f} | "
        f"{chat['p99_ms']:.1f} |",
    ]
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--quick", action="store_true", help="one shop setup, warm cache (the run of make test)")
    parser.add_argument("--no-index", dest="index", action="store_false", help="skip update_index after seeding")
    parser.add_argument("--fresh", action="store_true", help="drop the bench database first")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/storefront_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--wrk", default=shutil.which("wrk") or "wrk")
    parser.add_argument("--out", type=Path, default=BENCH)
    parser.add_argument("--race-shoppers", type=int, default=50)
    parser.add_argument("--race-stock", type=int, default=20)
    parser.add_argument("--chat-customers", type=int, default=250, help="two sockets each")
    parser.add_argument("--chat-rounds", type=int, default=2)
    args = parser.parse_args(argv)
    args.duration = max(1, round(args.duration))
    report = run(args)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(report, indent=2) + "\n")
    (args.out / "results.md").write_text(markdown(report))
    return report


if __name__ == "__main__":
    main()
