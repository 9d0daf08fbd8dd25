# FactuSOL Hub: build and lint the PrestaShop module.
PYTHON ?= .venv/bin/python
PHP ?= php
MODULE_DIR := prestashop-module
MODULE := factusolhub
DIST := dist

.PHONY: module-zip lint-php

## module-zip: dist/factusolhub.zip, with the factusolhub/ folder at the root (install from the shop's back office)
module-zip:
	@mkdir -p $(DIST)
	@rm -f $(DIST)/$(MODULE).zip
	@$(PYTHON) -c "import pathlib, zipfile; \
	root = pathlib.Path('$(MODULE_DIR)'); \
	files = sorted(p for p in (root / '$(MODULE)').rglob('*') if p.is_file() and not p.name.startswith('.')); \
	z = zipfile.ZipFile('$(DIST)/$(MODULE).zip', 'w', zipfile.ZIP_DEFLATED); \
	[z.write(p, p.relative_to(root).as_posix()) for p in files]; \
	z.close(); \
	print('$(DIST)/$(MODULE).zip:', len(files), 'files')"

## lint-php: php -l on every PHP file of the module; fails on the first syntax error
lint-php:
	@set -e; found=0; \
	for f in $$(find $(MODULE_DIR) -name '*.php' | sort); do \
		$(PHP) -l "$$f" >/dev/null || { echo "syntax error in $$f"; exit 1; }; \
		found=$$((found + 1)); \
	done; \
	echo "php -l: $$found files OK"
