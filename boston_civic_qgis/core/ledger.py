"""The ledger: every input row in exactly one category, counted."""
from __future__ import annotations

import pandas as pd

from ..definitions import fields as F


def ledger_table(category: pd.Series, level: str = "areas") -> pd.DataFrame:
    """Rows per category (every category listed, zeros included), plus the total."""
    unknown = set(category.unique()) - set(F.LEDGER_CATEGORIES)
    if unknown:
        raise ValueError(f"unknown ledger categories {sorted(unknown)}")
    counts = category.value_counts().reindex(F.LEDGER_CATEGORIES, fill_value=0)
    table = pd.DataFrame({"level": level, "category": counts.index, "rows": counts.to_numpy()})
    total = pd.DataFrame({"level": [level], "category": ["total_input"], "rows": [len(category)]})
    return pd.concat([table, total], ignore_index=True).astype({"rows": "int64"})


def check_ledger(ledger: pd.DataFrame) -> None:
    """Raise if the categories of any level do not add up to its input rows."""
    for level, rows in ledger.groupby("level"):
        total = int(rows.loc[rows.category == "total_input", "rows"].sum())
        parts = int(rows.loc[rows.category != "total_input", "rows"].sum())
        if parts != total:
            raise AssertionError(f"ledger for {level}: categories sum to {parts}, input has {total}")
