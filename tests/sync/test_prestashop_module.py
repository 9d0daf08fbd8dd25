"""The PrestaShop module lints and signs events exactly as the hub checks them."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from sync.webhooks import sign, signature_ok

ROOT = Path(__file__).resolve().parents[2]
MODULE = ROOT / "prestashop-module" / "factusolhub"
PHP = shutil.which("php")
needs_php = pytest.mark.skipif(PHP is None, reason="php-cli is not installed")
PHP_FILES = sorted(MODULE.rglob("*.php"))


def test_the_module_has_its_main_class_and_index_guards():
    assert (MODULE / "factusolhub.php").is_file()
    for folder in [MODULE, *[p for p in MODULE.rglob("*") if p.is_dir()]]:
        assert (folder / "index.php").is_file(), folder


@needs_php
@pytest.mark.parametrize("path", PHP_FILES, ids=lambda p: str(p.relative_to(MODULE)))
def test_every_php_file_passes_php_lint(path):
    result = subprocess.run([PHP, "-l", str(path)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr


@needs_php
def test_the_php_notifier_signs_like_the_hub_verifies():
    secret = "s3cr3t-ÿ-token"
    snippet = (
        "define('FACTUSOLHUB_CLI', true); require $argv[1];"
        "$body = HubNotifier::body('address.updated', 42, ['customer_id' => 7, 'shop_id' => 1]);"
        "echo json_encode(['body' => $body, 'sig' => HubNotifier::signature($body, $argv[2])]);"
    )
    result = subprocess.run(
        [PHP, "-r", snippet, str(MODULE / "classes" / "HubNotifier.php"), secret],
        capture_output=True, text=True, timeout=30, check=True,
    )
    out = json.loads(result.stdout)
    body = out["body"].encode()
    assert out["sig"] == sign(body, secret)
    assert signature_ok(body, secret, out["sig"])
    payload = json.loads(body)
    assert payload["event"] == "address.updated" and payload["id"] == 42 and payload["customer_id"] == 7
    assert payload["sent_at"].endswith("Z")


def test_make_module_zip_puts_the_module_folder_at_the_root(tmp_path):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    subprocess.run(["make", "-s", "module-zip", f"DIST={tmp_path}"], cwd=ROOT, check=True, timeout=60)
    names = zipfile.ZipFile(tmp_path / "factusolhub.zip").namelist()
    assert "factusolhub/factusolhub.php" in names
    assert all(n.startswith("factusolhub/") for n in names)


@needs_php
def test_make_lint_php_fails_on_a_syntax_error(tmp_path):
    broken = tmp_path / "module" / "broken.php"
    broken.parent.mkdir()
    broken.write_text("<?php function (\n")
    result = subprocess.run(
        ["make", "-s", "lint-php", f"MODULE_DIR={tmp_path / 'module'}"], cwd=ROOT, capture_output=True, timeout=60
    )
    assert result.returncode != 0
