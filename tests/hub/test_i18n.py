"""The admin speaks Spanish to Spanish browsers and English to English ones."""

from __future__ import annotations

import re

import pytest
from django.test import Client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", ["Panel de control", "Integraciones", "Registro de sincronización"]),
        ("en", ["Control panel", "Integrations"]),
    ],
)
def test_the_admin_index_is_translated(world_a, language, expected):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(world_a.owner)
    text = client.get("/admin/").content.decode()
    for phrase in expected:
        assert phrase in text


@pytest.mark.django_db
def test_the_language_switcher_sets_spanish(world_a):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world_a.owner)
    client.post("/i18n/setlang/", {"language": "es", "next": "/admin/"})
    assert "Panel de control" in client.get("/admin/").content.decode()


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def po_entries(path):
    """(msgid, msgstr, fuzzy) for each live entry of a .po file (a small parser: no polib in CI)."""
    block: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.strip():
            block.append(line)
            continue
        if block and not any(b.startswith("#~") for b in block):
            fields: dict[str, str] = {}
            current = None
            for b in block:
                if b.startswith("msgid ") or b.startswith("msgstr") or b.startswith("msgid_plural"):
                    current, _, rest = b.partition(" ")
                    fields[current] = unescape(rest.strip()[1:-1])
                elif b.startswith('"') and current:
                    fields[current] += unescape(b.strip()[1:-1])
            msgstrs = [v for k, v in fields.items() if k.startswith("msgstr")]
            fuzzy = any(b.startswith("#,") and "fuzzy" in b for b in block)
            yield fields.get("msgid", ""), msgstrs, fuzzy
        block = []


def test_every_string_has_a_spanish_translation():
    from django.conf import settings

    po = settings.LOCALE_PATHS[0] / "es" / "LC_MESSAGES" / "django.po"
    missing = [msgid for msgid, msgstrs, fuzzy in po_entries(po) if msgid and (fuzzy or not all(msgstrs))]
    assert missing == []


def test_the_compiled_catalogue_matches_the_po_file():
    import gettext

    from django.conf import settings

    po = settings.LOCALE_PATHS[0] / "es" / "LC_MESSAGES" / "django.po"
    with open(po.parent / "django.mo", "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = [
        msgid
        for msgid, msgstrs, _fuzzy in po_entries(po)
        if msgid and len(msgstrs) == 1 and catalogue.gettext(msgid) != msgstrs[0]
    ]
    assert stale == [], "run compilemessages"
