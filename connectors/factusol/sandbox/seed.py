"""Demo data for the sandbox: a small Spanish shop as FactuSOL would hold it for one fiscal year."""

from __future__ import annotations

import sqlite3
from typing import Any

from connectors.factusol.sandbox.db import insert_rows

SEEDS = ("demo", "empty")


def seed(connection: sqlite3.Connection, name: str, *, year: int, company: str = "001") -> None:
    if name not in SEEDS:
        raise ValueError(f"Unknown seed {name!r}; choose one of {', '.join(SEEDS)}.")
    if name == "demo":
        for table_name, rows in demo_rows(year, company).items():
            insert_rows(connection, table_name, rows)


def demo_rows(year: int, company: str = "001") -> dict[str, list[dict[str, Any]]]:
    day = f"{year}-01-15"
    rows: dict[str, list[dict[str, Any]]] = {
        "F_EMP": [
            {
                "CODEMP": company, "NIFEMP": "B12345678", "DENEMP": "Comercial Ejemplo S.L.",
                "NOMEMP": "Tienda Ejemplo", "DOMEMP": "Calle Mayor 1", "POBEMP": "Valencia", "CPOEMP": "46001",
                "PROEMP": "Valencia", "TELEMP": "963000000", "EMAEMP": "info@ejemplo.es", "EJEEMP": str(year),
                "EJEGEMP": str(year), "TVEEMP": str(year),
            }
        ],
        "F_CFG": [
            {"CODCFG": "ImpuestosIvasPrimerPeriodo1", "NUMCFG": 21, "TIPCFG": 0},
            {"CODCFG": "ImpuestosIvasPrimerPeriodo2", "NUMCFG": 10, "TIPCFG": 0},
            {"CODCFG": "ImpuestosIvasPrimerPeriodo3", "NUMCFG": 4, "TIPCFG": 0},
        ],
        "F_FPA": [
            {"CODFPA": "EFE", "DESFPA": "Efectivo", "EFEFPA": 1, "SUWFPA": 0},
            {"CODFPA": "TRA", "DESFPA": "Transferencia bancaria", "SUWFPA": 1, "DEWFPA": "Transferencia"},
            {"CODFPA": "TAR", "DESFPA": "Tarjeta de crédito", "SUWFPA": 1, "DEWFPA": "Tarjeta"},
            {"CODFPA": "PAY", "DESFPA": "PayPal", "SUWFPA": 1, "DEWFPA": "PayPal"},
            {"CODFPA": "CON", "DESFPA": "Contra reembolso", "SUWFPA": 1, "DEWFPA": "Contra reembolso"},
        ],
        "F_TRN": [
            {"CODTRN": 1, "NOMTRN": "SEUR", "PAITRN": "724", "UWETRN": 1},
            {"CODTRN": 2, "NOMTRN": "Correos Express", "PAITRN": "724", "UWETRN": 1},
            {"CODTRN": 3, "NOMTRN": "MRW", "PAITRN": "724", "UWETRN": 0},
        ],
        "F_SEC": [
            {"CODSEC": "ROP", "DESSEC": "Ropa", "SUWSEC": 1},
            {"CODSEC": "HOG", "DESSEC": "Hogar", "SUWSEC": 1},
        ],
        "F_FAM": [
            {"CODFAM": "CAM", "DESFAM": "Camisetas", "SECFAM": "ROP", "SUWFAM": 1},
            {"CODFAM": "TAZ", "DESFAM": "Tazas", "SECFAM": "HOG", "SUWFAM": 1},
            {"CODFAM": "LIB", "DESFAM": "Libros", "SECFAM": "HOG", "SUWFAM": 0},
        ],
        "F_ALM": [
            {"CODALM": "GEN", "NOMALM": "Almacén general", "POBALM": "Valencia", "PROALM": "Valencia"},
            {"CODALM": "MAD", "NOMALM": "Almacén Madrid", "POBALM": "Getafe", "PROALM": "Madrid"},
        ],
        "F_TAR": [
            {"CODTAR": 1, "DESTAR": "Tarifa general", "MARTAR": 40, "IVATAR": 0},
            {"CODTAR": 2, "DESTAR": "Tarifa tienda (IVA incluido)", "MARTAR": 60, "IVATAR": 1},
        ],
    }
    articles = [
        ("CAM001", "Camiseta algodón", "CAM", "8412345678901", 5.5, 12.4, 0),
        ("CAM002", "Camiseta técnica", "CAM", "8412345678918", 7.25, 16.5, 0),
        ("TAZ001", "Taza cerámica 350 ml", "TAZ", "8412345678925", 2.1, 6.95, 0),
        ("LIB001", "Libro de recetas", "LIB", "9788412345674", 9.0, 19.2308, 2),
    ]
    rows["F_ART"] = [
        {
            "CODART": code, "DESART": name, "FAMART": family, "EANART": ean, "PCOART": cost, "TIVART": vat,
            "SUWART": 1, "STOART": 1, "CSTART": 1, "FALART": f"{year}-01-02", "FUMART": day,
            "DEWART": f"<p>{name}</p>",
        }
        for code, name, family, ean, cost, _price, vat in articles
    ]
    rows["F_EAN"] = [{"ARTEAN": a[0], "EANEAN": a[3]} for a in articles] + [
        {"ARTEAN": "CAM001", "EANEAN": "8412345678949"}
    ]
    rows["F_LTA"] = [{"TARLTA": 1, "ARTLTA": a[0], "PRELTA": a[5], "MARLTA": 40} for a in articles] + [
        {"TARLTA": 2, "ARTLTA": a[0], "PRELTA": round(a[5] * (1.04 if a[6] == 2 else 1.21), 2)} for a in articles
    ]
    rows["F_STO"] = [
        {"ARTSTO": "CAM001", "ALMSTO": "GEN", "ACTSTO": 40, "DISSTO": 38, "MINSTO": 5},
        {"ARTSTO": "CAM001", "ALMSTO": "MAD", "ACTSTO": 12, "DISSTO": 12},
        {"ARTSTO": "CAM002", "ALMSTO": "GEN", "ACTSTO": 0, "DISSTO": 0},
        {"ARTSTO": "TAZ001", "ALMSTO": "GEN", "ACTSTO": 150, "DISSTO": 149},
        {"ARTSTO": "LIB001", "ALMSTO": "MAD", "ACTSTO": 7, "DISSTO": 7},
    ]
    rows["F_STC"] = [
        {"ARTSTC": "CAM001", "ALMSTC": "GEN", "CE1STC": size, "CE2STC": colour, "ACTSTC": qty, "DISSTC": qty}
        for size, colour, qty in (("S", "BLA", 8), ("M", "BLA", 12), ("L", "BLA", 6), ("M", "NEG", 14))
    ]
    rows["F_CLI"] = [
        _customer(1, "12345678Z", "María García López", "Calle Colón 10", "Valencia", "46004", "Valencia", "TAR"),
        _customer(2, "B87654321", "Distribuciones Norte S.L.", "Av. Diagonal 200", "Barcelona", "08018",
                  "Barcelona", "TRA", tariff=1),
        _customer(3, "X1234567L", "Jean Dupont", "Rue de Rivoli 5", "Paris", "75001", "Paris", "PAY",
                  country="250", vat=2),
        _customer(4, "00000000T", "Cliente de contado", "", "", "", "", "EFE"),
    ]
    for customer in rows["F_CLI"]:
        customer.update(FALCLI=f"{year}-01-03", HALCLI="09:15:00", FUMCLI=day)
    rows["F_OBR"] = [
        {"CLIOBR": 1, "CODOBR": 1, "NOMOBR": "María García (trabajo)", "DIROBR": "Calle Xàtiva 3",
         "POBOBR": "Valencia", "CPOOBR": "46002", "PROOBR": "Valencia", "PAIOBR": "724", "FADOBR": 1},
        {"CLIOBR": 2, "CODOBR": 1, "NOMOBR": "Almacén Norte", "DIROBR": "Polígono Sur 4",
         "POBOBR": "Sabadell", "CPOOBR": "08201", "PROOBR": "Barcelona", "PAIOBR": "724", "FADOBR": 0},
    ]
    rows.update(_documents(year))
    return rows


def _customer(code: int, nif: str, name: str, street: str, town: str, postcode: str, province: str,
              payment: str, *, tariff: int = 2, country: str = "724", vat: int = 0) -> dict[str, Any]:
    return {
        "CODCLI": code, "NIFCLI": nif, "NOFCLI": name, "NOCCLI": name, "DOMCLI": street, "POBCLI": town,
        "CPOCLI": postcode, "PROCLI": province, "PAICLI": country, "FPACLI": payment, "TARCLI": tariff,
        "IVACLI": vat, "EMACLI": f"cliente{code}@example.com", "TELCLI": f"60000000{code}", "ESTCLI": 1,
    }


def _amounts(suffix: str, net: float) -> dict[str, Any]:
    vat = round(net * 0.21, 2)
    return {
        f"NET1{suffix}": net, f"BAS1{suffix}": net, f"PIVA1{suffix}": 21, f"IIVA1{suffix}": vat,
        f"TOT{suffix}": round(net + vat, 2),
    }


def _documents(year: int) -> dict[str, list[dict[str, Any]]]:
    orders = [(1, 1, "PS-000101", 0, "TAR", 1), (2, 2, "PS-000102", 2, "TRA", 2), (3, 3, "PS-000103", 4, "PAY", 1)]
    lines = {1: [("CAM001", "Camiseta algodón", 2, 12.4)], 2: [("TAZ001", "Taza cerámica 350 ml", 10, 6.95)],
             3: [("CAM002", "Camiseta técnica", 1, 16.5), ("TAZ001", "Taza cerámica 350 ml", 1, 6.95)]}
    result: dict[str, list[dict[str, Any]]] = {"F_PCL": [], "F_LPC": [], "F_ALB": [], "F_LAL": [], "F_FAC": [],
                                               "F_LFA": []}
    for number, customer, reference, state, payment, carrier in orders:
        net = round(sum(q * p for _a, _d, q, p in lines[number]), 2)
        result["F_PCL"].append({
            "TIPPCL": "1", "CODPCL": number, "REFPCL": reference, "FECPCL": f"{year}-02-0{number}",
            "HORPCL": f"1{number}:30:00", "CLIPCL": customer, "ALMPCL": "GEN", "FOPPCL": payment,
            "TRNPCL": carrier, "ESTPCL": state, "TIVPCL": 0, **_amounts("PCL", net),
        })
        for position, (article, text, qty, price) in enumerate(lines[number], start=1):
            result["F_LPC"].append({
                "TIPLPC": "1", "CODLPC": number, "POSLPC": position, "ARTLPC": article, "DESLPC": text,
                "CANLPC": qty, "PRELPC": price, "TOTLPC": round(qty * price, 2), "IVALPC": 0, "PENLPC": 0,
            })
    delivery = [(1, 1, "PS-000101", "EXP0001234", 1, 1), (2, 2, "PS-000102", "EXP0005678", 0, 2)]
    for number, order, reference, expedition, state, carrier in delivery:
        net = round(sum(q * p for _a, _d, q, p in lines[order]), 2)
        result["F_ALB"].append({
            "TIPALB": "1", "CODALB": number, "REFALB": reference, "FECALB": f"{year}-02-1{number}",
            "HORALB": "18:00:00", "CLIALB": order, "ALMALB": "GEN", "FOPALB": "TAR", "ESTALB": state,
            "TRNALB": carrier, "CISALB": expedition, "COBALB": 0, **_amounts("ALB", net),
        })
        for position, (article, text, qty, price) in enumerate(lines[order], start=1):
            result["F_LAL"].append({
                "TIPLAL": "1", "CODLAL": number, "POSLAL": position, "ARTLAL": article, "DESLAL": text,
                "CANLAL": qty, "PRELAL": price, "TOTLAL": round(qty * price, 2), "IVALAL": 0,
                "DOCLAL": "C", "DTPLAL": "1", "DCOLAL": order, "EJELAL": str(year),
            })
    invoices = [(1, 1, "PS-000101", 2), (2, 2, "PS-000102", 0), (3, 3, "PS-000103", 4)]
    for number, order, reference, state in invoices:
        net = round(sum(q * p for _a, _d, q, p in lines[order]), 2)
        result["F_FAC"].append({
            "TIPFAC": "1", "CODFAC": number, "REFFAC": reference, "FECFAC": f"{year}-02-2{number}",
            "HORFAC": "12:00:00", "CLIFAC": order, "ALMFAC": "GEN", "ESTFAC": state, "COBFAC": 0,
            **_amounts("FAC", net),
        })
        for position, (article, text, qty, price) in enumerate(lines[order], start=1):
            result["F_LFA"].append({
                "TIPLFA": "1", "CODLFA": number, "POSLFA": position, "ARTLFA": article, "DESLFA": text,
                "CANLFA": qty, "PRELFA": price, "TOTLFA": round(qty * price, 2), "IVALFA": 0,
                "DOCLFA": "A" if order < 3 else "C", "DTPLFA": "1", "DCOLFA": order, "EJELFA": str(year),
            })
    return result
