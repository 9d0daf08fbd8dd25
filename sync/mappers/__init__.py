"""Mappers: plain functions, shop records (dicts) in, FactuSOL rows (dicts) out. No I/O here."""
