# chiso developer commands. `make run` serves the app, `make test` is what CI runs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: $(VENV) run test lint bench loadtest system-deps vendor clean-venv

# Re-install when pyproject.toml changes; the stamp records the last successful install.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(VENV): $(STAMP)

system-deps:
	scripts/install-system-deps.sh

# The demo as production serves it (DEBUG off: the Vietnamese error pages, static files through
# whitenoise); CHISO_DEMO=1 allows its public password, plain-HTTP cookies and a key of its own.
DEMO_ENV := CHISO_DEMO=1
run: $(VENV)
	$(DEMO_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEMO_ENV) $(BIN)/chiso demo
	$(DEMO_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

lint: $(VENV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy chiso
	$(BIN)/lint-imports

# The suite on SQLite; with DATABASE_URL set, then on that database too (the tests that use
# one), scripts/test-suite.sh. TEST_WORKERS processes share each pass (pytest-xdist; each
# has its own test database and builds its own cast); worksteal hands a long test's neighbours to
# the idle process. The 30 slowest test phases of each pass are printed. docs/testing.md.
TEST_WORKERS ?= 2
test: system-deps lint
	TEST_WORKERS=$(TEST_WORKERS) scripts/test-suite.sh

bench: $(VENV)
	$(BIN)/python -m chiso.bench

# The deadline day against gunicorn on PostgreSQL (loopback only; stops by itself, ~15 min).
# Its database: CHISO_LOADTEST_DATABASE_URL (dropped and created again). LOADTEST_ARGS passes
# options, e.g. LOADTEST_ARGS="--users 3321" (python -m chiso.loadtest --help).
LOADTEST_ARGS ?=
loadtest: $(VENV)
	$(BIN)/python -m chiso.loadtest $(LOADTEST_ARGS)

# Copy the pinned npm packages' dist files into chiso/static/vendor/ (the result is committed).
# ECharts: the "common" build (bar, line, pie, scatter), a third smaller than the full one.
vendor:
	npm ci --no-audit --no-fund
	rm -rf chiso/static/vendor/bootstrap
	mkdir -p chiso/static/vendor/bootstrap/css chiso/static/vendor/bootstrap/js
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map chiso/static/vendor/bootstrap/css/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map chiso/static/vendor/bootstrap/js/
	cp node_modules/bootstrap/LICENSE chiso/static/vendor/bootstrap/LICENSE
	node -p "'bootstrap ' + require('bootstrap/package.json').version" > chiso/static/vendor/bootstrap/VERSION
	rm -rf chiso/static/vendor/echarts
	mkdir -p chiso/static/vendor/echarts
	cp node_modules/echarts/dist/echarts.common.min.js node_modules/echarts/LICENSE node_modules/echarts/NOTICE chiso/static/vendor/echarts/
	node -p "'echarts ' + require('echarts/package.json').version" > chiso/static/vendor/echarts/VERSION

clean-venv:
	rm -rf $(VENV)
