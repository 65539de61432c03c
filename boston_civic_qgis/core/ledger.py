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
    return ledger_of_counts(counts.to_numpy(), len(category), level)


def ledger_of_counts(rows, total: int, level: str = "areas") -> pd.DataFrame:
    """The ledger of rows per category, given in the order of LEDGER_CATEGORIES."""
    return pd.DataFrame({"level": level, "category": list(F.LEDGER_CATEGORIES) + ["total_input"],
                         "rows": [*rows, total]}).astype({"rows": "int64"})


def check_ledger(ledger: pd.DataFrame) -> None:
    """Raise if the categories of any level do not add up to its input rows."""
    for level, rows in ledger.groupby("level"):
        total = int(rows.loc[rows.category == "total_input", "rows"].sum())
        parts = int(rows.loc[rows.category != "total_input", "rows"].sum())
        if parts != total:
            raise AssertionError(f"ledger for {level}: categories sum to {parts}, input has {total}")
