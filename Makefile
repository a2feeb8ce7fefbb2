# 聊城市中小企业公共服务示范平台名录 — one entry point for everything.
# `make serve` and `make test` are all a new machine needs; they create .venv themselves.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
SRC    ?= .
OUTPUT ?= output
HOST   ?= 127.0.0.1
PORT   ?= 8000
export TODAY
MAKEFLAGS += --no-print-directory

# A tool that fails has already said what is wrong, in Chinese; make's own
# "make: *** [Makefile:NN: validate] Error 1" line would only add noise for a clerk. So a
# failing recipe at the top level ends make quietly (SIGPIPE: no message from make or the
# shell; exit status 141, non-zero as scripts and CI need). Inside a sub-make it fails as usual.
QUIET_FAIL = { status=$$?; [ "$(MAKELEVEL)" = 0 ] && kill -PIPE $$PPID; exit $$status; }

.DEFAULT_GOAL := help

help: ## 列出所有命令
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | sort

$(VENV)/.runtime: requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@# The package itself, editable: scripts (scripts/synth.py …) import it like any library.
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

$(VENV)/.test: $(VENV)/.runtime requirements-test.txt requirements-tools.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	@touch $@

venv: $(VENV)/.runtime ## 创建 .venv 并安装固定版本的依赖

validate: $(VENV)/.runtime ## 校验 data/ 与 content/（全部问题一次列出）
	@$(PY) -m sme_registry validate --src $(SRC) $(if $(FORMAT),--format $(FORMAT)) $(if $(STRICT),--strict) || $(QUIET_FAIL)

html: $(VENV)/.runtime ## 校验并生成网站到 output/（原子替换）
	@$(PY) -m sme_registry build --src $(SRC) --output $(OUTPUT) || $(QUIET_FAIL)

serve: html ## 生成网站并在 http://127.0.0.1:8000 提供访问
	@echo "网站已生成：请在浏览器打开 http://$(HOST):$(PORT)/ （Ctrl+C 结束）"
	$(PY) -m http.server --bind $(HOST) --directory $(OUTPUT) $(PORT)

report: $(VENV)/.runtime ## 列出需要工作人员处理的事项
	@$(PY) -m sme_registry report --src $(SRC) || $(QUIET_FAIL)

lint: $(VENV)/.test ## 代码风格检查（ruff）与分层约定检查（import-linter）
	$(PY) -m ruff check sme_registry tests scripts pelicanconf.py
	$(VENV)/bin/lint-imports --no-cache

test: $(VENV)/.test ## 安装测试所需并运行全部测试
	bash scripts/ensure-test-tools.sh
	$(PY) -m ruff check sme_registry tests scripts pelicanconf.py
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

fuzz: $(VENV)/.test ## 长时间模糊测试：变异示例文件 FUZZ_EXAMPLES 次（默认 5000），其中 FUZZ_BUILDS 次（默认 60）同时生成网站
	FUZZ_EXAMPLES=$(or $(FUZZ_EXAMPLES),5000) FUZZ_BUILDS=$(or $(FUZZ_BUILDS),60) \
		$(PY) -m pytest -p no:xdist -q tests/fuzz --hypothesis-show-statistics

test-fast: $(VENV)/.test ## 快速测试：不含浏览器（Chromium）与慢速（安装、模糊、整站构建子进程）测试，约一分钟；make test 仍运行全部
	bash scripts/ensure-test-tools.sh
	$(PY) -m ruff check sme_registry tests scripts pelicanconf.py
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest -n 2 -m "not browser and not slow" $(PYTEST_ARGS)

bench: $(VENV)/.runtime ## 性能基准：N=1000、2000、10000 的校验、完整生成（对比纯 Pelican）、改描述或改名称后的重新生成、内存（写入 docs/benchmarks.md）；搜索对比 Pagefind（写入 docs/search-bench.md，需先装 requirements-bench.txt）
	$(PY) -m scripts.bench $(or $(BENCH_SIZES),1000 2000 10000) --write docs/benchmarks.md
	$(PY) -m scripts.search_bench --sizes example,1000,10000 --runs 3 --max-load 2 --wait 300 --write docs/search-bench.md

docs: $(VENV)/.runtime ## 由错误代码目录重新生成 docs/errors.md
	$(PY) -m sme_registry docs-errors > docs/errors.md

schemas: $(VENV)/.runtime ## 由规定用语（sme_registry/regulation/vocabulary.py）重新生成 schema/*.json 中的取值列表
	$(PY) -m sme_registry schemas

clean: ## 删除生成的网站与缓存
	rm -rf $(OUTPUT) $(dir $(OUTPUT:%/=%)).$(notdir $(OUTPUT:%/=%)).cache .pytest_cache .ruff_cache

.PHONY: help venv validate html serve report lint test test-fast fuzz bench docs schemas clean

# Staff workflow and deployment targets live in their own files.
-include mk/*.mk
