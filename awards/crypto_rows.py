"""Bring every encrypted column to the current key — the data migration (plain text → envelope) and
`rotate_keys` (old key → current key) are the same walk.

A row needs work while one of its encrypted columns is neither empty nor an envelope under the current key; that
prefix is the per-row marker, so a run that stops (crash, kill, deploy) is simply run again and continues with
the rows still left. Each batch is one transaction: the rows are re-encrypted, their blind indexes recomputed,
written, read back and decrypted again; a batch whose read-back differs is rolled back and the run stops.
Raw SQL on purpose: the values are read and written as stored, and there is one UPDATE per row, no model code.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection as default_connection
from django.db import transaction

from awards import crypto


class VerificationError(RuntimeError):
    pass


@dataclass
class TableSpec:
    label: str
    table: str
    pk: str
    encrypted: dict[str, str]  # column → purpose
    indexes: dict[str, tuple[str, str]]  # blind-index column → (source column, kind)


@dataclass
class Progress:
    rows: int = 0
    batches: int = 0
    per_table: dict[str, int] = field(default_factory=dict)


def table_specs(apps_registry, app_label: str | None = None) -> list[TableSpec]:
    """Every model (historical ones included) with an EncryptedTextField, from `apps_registry` (the migration
    state's apps or django.apps.apps), optionally of one app only."""
    from awards.fields import BlindIndexField, EncryptedTextField

    specs = []
    for model in apps_registry.get_models():
        if app_label and model._meta.app_label != app_label:
            continue
        fields = model._meta.concrete_fields
        encrypted = {f.column: (f.purpose or f.name) for f in fields if isinstance(f, EncryptedTextField)}
        if not encrypted:
            continue
        by_name = {f.name: f for f in fields}
        indexes = {
            f.column: (by_name[f.source].column, f.kind) for f in fields if isinstance(f, BlindIndexField)
        }
        specs.append(
            TableSpec(model._meta.label, model._meta.db_table, model._meta.pk.column, encrypted, indexes)
        )
    return sorted(specs, key=lambda s: s.label)


def _plain(value: str | None, purpose: str) -> str | None:
    if crypto.is_envelope(value):
        return crypto.decrypt(value, purpose)
    return value  # plain text not yet migrated ("" / None stay as they are)


def process_table(
    spec: TableSpec,
    *,
    batch_size: int = 500,
    reindex: bool = False,
    connection=None,
    on_batch: Callable[[TableSpec, int], None] | None = None,
    progress: Progress | None = None,
) -> Progress:
    """Re-encrypt `spec`'s rows not yet under the current key (all rows with `reindex`, which also recomputes the
    blind indexes after BLIND_INDEX_KEY changed). `on_batch(spec, n)` is called after each committed batch."""
    conn = connection or default_connection
    progress = progress or Progress()
    qn = conn.ops.quote_name
    key_id = crypto.current_key_id()
    prefix = f"{crypto.PREFIX}{key_id}$"
    cols = list(spec.encrypted)
    select_cols = ", ".join(qn(c) for c in [spec.pk, *cols])
    stale = " OR ".join(
        f"({qn(c)} IS NOT NULL AND {qn(c)} <> '' AND SUBSTR({qn(c)}, 1, {len(prefix)}) <> %s)" for c in cols
    )
    params_stale = [prefix] * len(cols)
    last_pk = None
    while True:
        with transaction.atomic(using=conn.alias):
            with conn.cursor() as cur:
                if reindex:
                    where, params = (
                        ("WHERE " + qn(spec.pk) + " > %s", [last_pk]) if last_pk is not None else ("", [])
                    )
                else:
                    where, params = f"WHERE ({stale})", params_stale
                cur.execute(
                    f"SELECT {select_cols} FROM {qn(spec.table)} {where} ORDER BY {qn(spec.pk)} LIMIT %s",
                    [*params, batch_size],
                )
                rows = cur.fetchall()
                if not rows:
                    return progress
                expected = {}
                for pk, *values in rows:
                    plain = {c: _plain(v, spec.encrypted[c]) for c, v in zip(cols, values, strict=True)}
                    new = {c: (crypto.encrypt(p, spec.encrypted[c]) if p else p) for c, p in plain.items()}
                    for bidx, (source, kind) in spec.indexes.items():
                        new[bidx] = crypto.blind_index(plain[source] or "", kind)
                    sets = ", ".join(f"{qn(c)} = %s" for c in new)
                    cur.execute(
                        f"UPDATE {qn(spec.table)} SET {sets} WHERE {qn(spec.pk)} = %s", [*new.values(), pk]
                    )
                    expected[pk] = plain
                    last_pk = pk
                # Read back and decrypt every row of the batch before it commits.
                placeholders = ", ".join(["%s"] * len(expected))
                cur.execute(
                    f"SELECT {select_cols} FROM {qn(spec.table)} WHERE {qn(spec.pk)} IN ({placeholders})",
                    list(expected),
                )
                for pk, *values in cur.fetchall():
                    for c, v in zip(cols, values, strict=True):
                        if v and not v.startswith(prefix):
                            raise VerificationError(f"{spec.label} #{pk}.{c}: not under key {key_id!r}")
                        if _plain(v, spec.encrypted[c]) != expected[pk][c]:
                            raise VerificationError(f"{spec.label} #{pk}.{c}: does not decrypt back")
        progress.rows += len(rows)
        progress.batches += 1
        progress.per_table[spec.label] = progress.per_table.get(spec.label, 0) + len(rows)
        if on_batch:
            on_batch(spec, progress.batches)


def encrypt_all(
    apps_registry, *, app_label=None, batch_size=500, reindex=False, connection=None, on_batch=None
) -> Progress:
    progress = Progress()
    for spec in table_specs(apps_registry, app_label):
        process_table(
            spec,
            batch_size=batch_size,
            reindex=reindex,
            connection=connection,
            on_batch=on_batch,
            progress=progress,
        )
    return progress


def remaining(apps_registry, connection=None) -> dict[str, int]:
    """Rows per table still not under the current key (0 everywhere once a rotation has finished)."""
    conn = connection or default_connection
    qn = conn.ops.quote_name
    prefix = f"{crypto.PREFIX}{crypto.current_key_id()}$"
    out = {}
    with conn.cursor() as cur:
        for spec in table_specs(apps_registry):
            stale = " OR ".join(
                f"({qn(c)} IS NOT NULL AND {qn(c)} <> '' AND SUBSTR({qn(c)}, 1, {len(prefix)}) <> %s)"
                for c in spec.encrypted
            )
            cur.execute(
                f"SELECT COUNT(*) FROM {qn(spec.table)} WHERE {stale}", [prefix] * len(spec.encrypted)
            )
            out[spec.label] = cur.fetchone()[0]
    return out


def decrypt_all(apps_registry, *, app_label=None, connection=None) -> int:
    """The migration's way back: every envelope decrypted to plain text, blind indexes emptied."""
    conn = connection or default_connection
    qn = conn.ops.quote_name
    n = 0
    for spec in table_specs(apps_registry, app_label):
        cols = list(spec.encrypted)
        with conn.cursor() as cur:
            cur.execute(f"SELECT {', '.join(qn(c) for c in [spec.pk, *cols])} FROM {qn(spec.table)}")
            for pk, *values in cur.fetchall():
                new = {c: _plain(v, spec.encrypted[c]) for c, v in zip(cols, values, strict=True)}
                new.update(dict.fromkeys(spec.indexes, ""))
                sets = ", ".join(f"{qn(c)} = %s" for c in new)
                cur.execute(
                    f"UPDATE {qn(spec.table)} SET {sets} WHERE {qn(spec.pk)} = %s", [*new.values(), pk]
                )
                n += 1
    return n
