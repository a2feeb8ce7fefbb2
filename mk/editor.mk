# The clerks' form editor (Decap CMS, issue 17). Included by the Makefile.
#   make editor                         生成 output-editor/admin/（默认本机后端）
#   make editor EDITOR_BACKEND=github EDITOR_REPO=owner/name EDITOR_BASE_URL=https://oauth.example.org
#   make editor EDITOR_BACKEND=gitlab EDITOR_REPO=group/project EDITOR_API_ROOT=https://gitlab.example.org/api/v4 \
#        EDITOR_BASE_URL=https://gitlab.example.org EDITOR_APP_ID=<应用 ID>
#   make editor EDITOR_IN_SITE=1        同时放进网站的 $(OUTPUT)/admin/（公开页面不链接它）
#   make editor-local                   本机编辑（decap-server，仅 127.0.0.1）
# Details: CONTRIBUTING.md（表单编辑器）and docs/editor.md.

EDITOR_OUT       ?= output-editor
EDITOR_BACKEND   ?= local
EDITOR_REPO      ?=
EDITOR_BRANCH    ?= main
EDITOR_API_ROOT  ?=
EDITOR_BASE_URL  ?=
EDITOR_APP_ID    ?=
EDITOR_PORT      ?= 8081
EDITOR_HTTP_PORT ?= 8082
EDITOR_MODE      ?= fs
EDITOR_BUNDLE    := $(EDITOR_OUT)/.cms.js
EDITOR_SOURCES   := $(wildcard editor/src/*.js) package-lock.json

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund

$(EDITOR_BUNDLE): $(EDITOR_SOURCES) node_modules/.package-lock.json
	@mkdir -p $(EDITOR_OUT)
	node_modules/.bin/esbuild editor/src/main.js --bundle --minify --format=iife --target=es2020 \
	  --define:process.env.NODE_ENV='"production"' --define:global=window --log-level=warning --outfile=$@

editor: $(VENV)/.runtime $(EDITOR_BUNDLE) ## 生成表单编辑器 output-editor/admin/（Decap CMS；EDITOR_BACKEND=local|github|gitlab）
	$(PY) -m sme_registry.staff.editor_config --src $(SRC) --out $(EDITOR_OUT)/admin --bundle $(EDITOR_BUNDLE) \
	  --backend $(EDITOR_BACKEND) --branch $(EDITOR_BRANCH) --port $(EDITOR_PORT) \
	  $(if $(EDITOR_REPO),--repo $(EDITOR_REPO)) $(if $(EDITOR_API_ROOT),--api-root $(EDITOR_API_ROOT)) \
	  $(if $(EDITOR_BASE_URL),--base-url $(EDITOR_BASE_URL)) $(if $(EDITOR_APP_ID),--app-id $(EDITOR_APP_ID))
	$(if $(EDITOR_IN_SITE),rm -rf $(OUTPUT)/admin && mkdir -p $(OUTPUT) && cp -r $(EDITOR_OUT)/admin $(OUTPUT)/admin)

editor-local: EDITOR_BACKEND := local
editor-local: editor ## 本机表单编辑器：decap-server 写入 SRC（默认当前工作副本），浏览器打开 http://127.0.0.1:8082/admin/
	$(PY) -m sme_registry.staff.editor_local --src $(SRC) --site $(EDITOR_OUT) --port $(EDITOR_PORT) \
	  --http-port $(EDITOR_HTTP_PORT) --mode $(EDITOR_MODE)

.PHONY: editor editor-local
