# The three commands: `make run` serves the demo shop, `make serve` runs it as deployed, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_WORKERS ?= 2

.PHONY: run serve test bench lint format css chromium wrk clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

run: $(VENV)/.runtime-installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v 0
	$(BIN)/python manage.py seed_demo
	@# The worker runs beside the server, so emails go out and unpaid orders expire on schedule here too.
	TASKS_BACKEND=database $(BIN)/python manage.py db_worker --queue-name default --interval 1 --no-reload & \
		trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
		TASKS_BACKEND=database $(BIN)/python manage.py runserver 127.0.0.1:8000

# As deployed, on this machine: production settings with a local secret, PostgreSQL and Redis
# (started if needed, as .ci/run does), then every Procfile process together through honcho: pages
# on http://localhost:8000 (gunicorn), their websockets on ws://localhost:8001 (uvicorn), which
# accepts those pages' origin.
# Media on S3 as deployed: a local S3-compatible server (moto) with the bucket policy of docs/s3.md
# (renditions public, originals and documents private), kept running between serves. It keeps
# files in memory, so when it has to be started the serve database is started afresh too (its rows
# would point at images that are gone).
SERVE_S3_PORT ?= 5056
SERVE_ENV := DJANGO_SETTINGS_MODULE=site_project.settings.production \
	SECRET_KEY=$${SECRET_KEY:-local-serve-secret-key-not-for-production-0123456789abcdef} \
	ALLOWED_HOSTS=localhost,127.0.0.1 SECURE_SSL_REDIRECT=false \
	REALTIME_PORT=8001 WEBSOCKET_ORIGIN=ws://localhost:8001 CSRF_TRUSTED_ORIGINS=http://localhost:8000 \
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/storefront_serve REDIS_URL=redis://127.0.0.1:6379/5 \
	AWS_STORAGE_BUCKET_NAME=storefront-serve AWS_S3_ENDPOINT_URL=http://127.0.0.1:$(SERVE_S3_PORT) \
	AWS_S3_ADDRESSING_STYLE=path AWS_S3_REGION_NAME=us-east-1 AWS_ACCESS_KEY_ID=serve AWS_SECRET_ACCESS_KEY=serve \
	PATH=$(CURDIR)/$(BIN):$$PATH
# Every long-running Procfile process; `release` (migrate) has just run, and honcho would stop
# them all when it exits.
SERVE_PROCESSES = $(shell sed -n 's/^\([a-z_]*\):.*/\1/p' Procfile | grep -vx release)
serve: $(VENV)/.dev-installed
	pg_isready -h 127.0.0.1 -p 5432 -q || pg_ctlcluster --skip-systemctl-redirect "$$(ls /etc/postgresql)" main start
	redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
	for _ in $$(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
	(echo >/dev/tcp/127.0.0.1/$(SERVE_S3_PORT)) 2>/dev/null || { \
		dropdb -h 127.0.0.1 -U postgres --if-exists storefront_serve; \
		nohup $(BIN)/moto_server -H 127.0.0.1 -p $(SERVE_S3_PORT) >/dev/null 2>&1 & \
		for _ in $$(seq 1 30); do (echo >/dev/tcp/127.0.0.1/$(SERVE_S3_PORT)) 2>/dev/null && break; sleep 1; done; }
	$(SERVE_ENV) $(BIN)/python -c "import boto3, json; s3 = boto3.client('s3', endpoint_url='http://127.0.0.1:$(SERVE_S3_PORT)'); \
		names = [bucket['Name'] for bucket in s3.list_buckets()['Buckets']]; \
		'storefront-serve' in names or s3.create_bucket(Bucket='storefront-serve'); \
		public = ['arn:aws:s3:::storefront-serve/media/images/*', 'arn:aws:s3:::storefront-serve/static/*']; \
		statement = {'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject', 'Resource': public}; \
		s3.put_bucket_policy(Bucket='storefront-serve', Policy=json.dumps({'Version': '2012-10-17', 'Statement': [statement]}))"
	psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'storefront_serve'" | grep -q 1 \
		|| createdb -h 127.0.0.1 -U postgres storefront_serve
	$(SERVE_ENV) $(BIN)/python manage.py migrate --noinput
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput -v 0
	$(SERVE_ENV) $(BIN)/python manage.py seed_demo
	@# Production gives the demo accounts random passwords; on this machine staff sign in with the known one.
	$(SERVE_ENV) $(BIN)/python manage.py shell -c "from commerce.accounts.demo import DEMO_ACCOUNTS; \
		from commerce.accounts.models import User; from django.conf import settings; \
		[user.set_password(settings.DEMO_PASSWORD) or user.save() for user in User.objects.filter(email__in=[a[0] for a in DEMO_ACCOUNTS])]"
	$(SERVE_ENV) $(BIN)/honcho start --port 8000 $(SERVE_PROCESSES)

# Browser tests drive Debian's Chromium; never a browser downloaded by a test tool.
chromium:
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

# Load figures as deployed on this machine (tests/bench/run.py): BENCH_PRODUCTS products seeded in
# bulk, each server setup loaded by wrk, tests/bench/results.md and results.json written.
BENCH_PRODUCTS ?= 10000
wrk:
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)

bench: $(VENV)/.dev-installed wrk
	pg_isready -h 127.0.0.1 -p 5432 -q || pg_ctlcluster --skip-systemctl-redirect "$$(ls /etc/postgresql)" main start
	redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
	for _ in $$(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
	$(BIN)/python -m tests.bench.run --products $(BENCH_PRODUCTS) $(BENCH_ARGS)

test: $(VENV)/.dev-installed chromium wrk
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Rebuild static/css/site.css after changing templates' classes (needs Node; the result is committed).
css:
	npm install --no-audit --no-fund
	npm run build:css

clean:
	rm -rf $(VENV) staticfiles .test-media test-artifacts .test-db*.sqlite3
