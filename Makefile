# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test install install-dev system-deps lint migrate demo bench

# Runtime packages only (what production installs); tests, browser tests and lint add requirements-dev.txt.
$(BIN)/activate: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(BIN)/activate

$(VENV)/.dev-installed: $(BIN)/activate requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/activate

install-dev: $(VENV)/.dev-installed

# The demo is a development set-up: DEBUG on and public demo values for the secrets production must be given
# (settings.py refuses to start without them unless ZHUANJI_ENV says otherwise; see README "Production").
run demo migrate: export ZHUANJI_ENV := development
run demo migrate: export DEBUG := True

# Debian packages the browser tests and the PDF checks need; skipped when already present.
system-deps:
	@command -v chromium >/dev/null && command -v pdftoppm >/dev/null && command -v zbarimg >/dev/null \
	  && command -v certutil >/dev/null && fc-list | grep -qi "noto sans cjk" \
	  || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      chromium fonts-noto-cjk poppler-utils zbar-tools libnss3-tools >/dev/null)

migrate: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable

demo: migrate
	$(BIN)/python manage.py load_demo

# Beside the web server, and stopping with it: the Celery worker (long jobs such as bulk issuing, taken from
# the file broker under var/broker/) and the periodic jobs (due times, timed transitions). The trap clears
# itself first: `kill 0` also signals this shell, and a trap that fires again recurses until sh crashes.
run: demo
	trap 'trap - EXIT INT TERM; kill 0' EXIT INT TERM; \
	PYTHONPATH=src $(BIN)/celery -A zhuanji worker --pool=solo --concurrency=1 --loglevel=INFO \
	  --without-gossip --without-mingle --without-heartbeat & \
	$(BIN)/python manage.py run_periodic --every 60 & \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

lint: install-dev
	$(BIN)/ruff check .

test: install-dev system-deps lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python bench/run.py
