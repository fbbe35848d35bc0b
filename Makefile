# chiso developer commands. `make run` serves the app, `make test` is what CI runs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: $(VENV) run test lint bench loadtest system-deps vendor clean-venv

# Re-install when pyproject.toml changes; the stamp records the last successful install.
# uv installs what pip would (the same pyproject.toml, PyPI) in 22 s instead of 36 s on a fresh
# clone, which CI always is; --compile-bytecode as pip does (docs/dependencies.md).
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet 'uv>=0.13,<0.14'
	$(BIN)/uv pip install --quiet --python $(BIN)/python --compile-bytecode -e '.[dev]'
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
# one; the browser journeys on that database only), scripts/test-suite.sh. TEST_WORKERS
# processes share the SQLite pass, TEST_SERVER_WORKERS the pass on DATABASE_URL (pytest-xdist;
# each has its own test database and builds its own cast; the larger worlds are built once per
# run and shared); worksteal hands a long test's neighbours to the idle process. The 30 slowest
# test phases of each pass are printed. docs/testing.md.
TEST_WORKERS ?= 2
TEST_SERVER_WORKERS ?= 3
test: system-deps lint
	TEST_WORKERS=$(TEST_WORKERS) TEST_SERVER_WORKERS=$(TEST_SERVER_WORKERS) scripts/test-suite.sh

# The scoring core and the autosave beside a bare view, then the results of one campaign at
# national scale (issue 17): the two-tier country (300, 1,000 and 3,321 communes) and the country
# before the 2025 reform (10,600 communes in districts), each size's figures with its target and
# the growth exponent against N log N's (docs/performance.md). On SQLite in memory by default,
# on PostgreSQL with DATABASE_URL; BENCH_RESULTS_ARGS= (empty) skips the results.
BENCH_RESULTS_ARGS ?= --units 300,1000,3321
BENCH_RESULTS_2019_ARGS ?= --units 300,10600 --era 2019
bench: $(VENV)
	$(BIN)/python -m chiso.bench
	$(if $(strip $(BENCH_RESULTS_ARGS)),$(BIN)/python -m chiso.bench results $(BENCH_RESULTS_ARGS))
	$(if $(strip $(BENCH_RESULTS_ARGS)),$(BIN)/python -m chiso.bench results $(BENCH_RESULTS_2019_ARGS))

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
