# The two commands: `make run` and `make test`. Both set up everything they need on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := app

.PHONY: run test install lint pytest translations catalogues migrate seed serve serve-prod bench clean

run: install translations migrate seed serve

test: install translations lint typecheck pytest

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) is required" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# Compile the committed .po catalogues into the .mo files Flask-Babel reads.
translations: install
	$(BIN)/pybabel compile -d translations 2>&1 | grep -v '^compiling' || true
	test -f translations/zh_Hans_CN/LC_MESSAGES/messages.mo

# Re-extract every translatable string and merge it into both catalogues (run after editing text).
catalogues: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		--ignore-dirs=".* tests bench migrations" -o translations/messages.pot .
	$(BIN)/pybabel update -N --ignore-obsolete --width 100 -i translations/messages.pot -d translations

migrate: install
	$(BIN)/flask db upgrade

seed: install
	$(BIN)/flask seed-demo --if-empty

# The development server, with the reminders scheduler beside it (stopped with the server).
serve: install
	@$(BIN)/flask reminders run & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null; wait $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(BIN)/flask run --host 127.0.0.1 --port 5000

# Production: migrate, then gunicorn (gunicorn.conf.py: WEB_CONCURRENCY workers, default 2 per
# CPU + 1, on GUNICORN_BIND, default 127.0.0.1:8000) and exactly one reminders scheduler.
# Set DATABASE_URL (PostgreSQL) and SECRET_KEY; README, Production.
serve-prod: install translations migrate
	@$(BIN)/flask reminders run & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null; wait $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn -c gunicorn.conf.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy over every package and root module ([tool.mypy] in pyproject.toml); its cache in .mypy_cache
# keeps a second run to a second or two (a fresh clone's first takes about 20 s). Part of `test`.
.PHONY: typecheck
typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/python -m pytest -q

bench: install translations
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
