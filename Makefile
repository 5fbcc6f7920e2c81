# Two commands for a newcomer: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install system-deps

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

system-deps:
	@bash scripts/system-deps.sh scripts/system-packages.txt scripts/system-packages-test.txt

install: system-deps $(VENV)/.installed

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py load_demo
	@echo ""
	@echo "部门决算公开系统已启动：http://$(HOST):$(PORT)/  （管理后台：http://$(HOST):$(PORT)/admin/）"
	@echo "按 Ctrl+C 停止。"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m ruff check apps config tests benchmarks
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest
