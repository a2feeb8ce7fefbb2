# Staff workflow (scaffolding) and deployment targets. Included by the Makefile.
# Every scaffold command asks in Chinese; extra flags go in ARGS, e.g.
#   make new-notice TYPE=公示 ARGS="--start 2026-11-23 --yes"
# `python -m sme_registry <command> --help` lists every flag. A failed command keeps
# the typed answers in .drafts/; continue with ARGS="--resume .drafts/<file>.yaml".

STAFF  := $(PY) -m sme_registry
IMAGE  ?= sme-registry
RSYNC  ?= rsync

new-platform: $(VENV)/.runtime ## 新增申报平台并列入公示（交互式；参数见 ARGS）
	@$(STAFF) new-platform --src $(SRC) $(ARGS) || $(QUIET_FAIL)

new-notice: $(VENV)/.runtime ## 发布公告：公示自动算 5 个工作日；TYPE=公示|认定公告|申报通知|测评结果|其他
	@$(STAFF) new-notice --src $(SRC) $(if $(TYPE),--type $(TYPE)) $(ARGS) || $(QUIET_FAIL)

renew: $(VENV)/.runtime ## 写入认定记录（公示中→认定，或到期后重新认定）：make renew ID=lc-2026-001
	@if [ -z "$(ID)" ]; then echo "请指定平台编号，例如 make renew ID=lc-2026-001" >&2; false; \
	else $(STAFF) renew --src $(SRC) $(ID) $(ARGS); fi || $(QUIET_FAIL)

revoke: $(VENV)/.runtime ## 撤销示范平台资格并生成撤销公告：make revoke ID=lc-2023-004
	@if [ -z "$(ID)" ]; then echo "请指定平台编号，例如 make revoke ID=lc-2023-004" >&2; false; \
	else $(STAFF) revoke --src $(SRC) $(ID) $(ARGS); fi || $(QUIET_FAIL)

# A production build: SITEURL (the public address) is required, 404.html takes its path from it.
deploy: $(VENV)/.runtime ## 正式生成网站并用 rsync 发布：make deploy DEST=user@host:/var/www/sme/ SITEURL=https://…/sme
	$(if $(DEST),,$(error 请指定发布位置，例如 make deploy DEST=user@host:/var/www/sme/))
	@$(PY) -m sme_registry build --production --src $(SRC) --output $(OUTPUT) || $(QUIET_FAIL)
	$(RSYNC) -rlt --checksum --delete-after --human-readable --itemize-changes $(if $(DRY_RUN),--dry-run) $(OUTPUT)/ $(DEST)

docker: ## 构建自带 nginx 的网站镜像：make docker SITEURL=https://…/sme [IMAGE=sme-registry] [TODAY=YYYY-MM-DD]
	$(if $(SITEURL),,$(error 正式发布必须设置网站的公开地址，例如 make docker SITEURL=https://www.example.gov.cn/sme))
	docker build --tag $(IMAGE) --build-arg SITEURL=$(SITEURL) $(if $(BASE_PATH),--build-arg BASE_PATH=$(BASE_PATH)) \
	  $(if $(TODAY),--build-arg TODAY=$(TODAY)) .

.PHONY: new-platform new-notice renew revoke deploy docker
