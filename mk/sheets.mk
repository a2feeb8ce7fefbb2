# Spreadsheets in and out, and next year's holiday calendar from the State Council notice.
# Included by the Makefile.

SHEETS := $(PY) -m sme_registry

import: $(VENV)/.runtime ## 导入名单表格（xlsx/xls/et/csv）：make import FILE=名单.xlsx [START=YYYY-MM-DD 作为新公示]
	$(if $(FILE),,$(error 请指定名单文件，例如 make import FILE=名单.xlsx START=2026-12-01))
	@$(SHEETS) import --src $(SRC) "$(FILE)" $(if $(START),--start $(START))

export-xlsx: $(VENV)/.runtime ## 把名录导出为 export/summary.xlsx（汇总表）与 export/platforms.xlsx（名录）
	@$(SHEETS) export-xlsx --src $(SRC) --output $(or $(XLSX_DIR),export)

calendar: $(VENV)/.runtime ## 由国务院办公厅节假日安排通知生成 data/calendar/<年份>.yaml：make calendar FILE=通知.txt
	$(if $(FILE),,$(error 请指定通知文本文件，例如 make calendar FILE=通知.txt))
	@$(SHEETS) calendar --src $(SRC) "$(FILE)" $(if $(FORCE),--force)

.PHONY: import export-xlsx calendar
