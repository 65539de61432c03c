"""Per-capita rates, with small or unknown populations flagged instead of divided by."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..definitions import fields as F


def per_capita(areas: pd.DataFrame, count_field: str = F.REQUESTS,
               population_field: str = F.POPULATION, per: float = 100,
               min_population: float = F.DEFAULT_MIN_POPULATION,
               rate_field: str = F.REQUESTS_PER_100, required=()) -> pd.DataFrame:
    """Add `rate_field` = count / population * per, `included` and `exclusion_reason`.

    Areas below `min_population` (or with no population, or missing any `required` field) stay
    in the layer with a NULL rate and `included` False, and the reason says why.
    """
    if min_population < 0:
        raise ValueError(f"minimum population must be 0 or more, not {min_population}")
    for f in (count_field, population_field, *required):
        if f not in areas.columns:
            raise KeyError(f"field '{f}' not in the area layer (fields: {list(areas.columns)})")
    out = areas.copy()
    for f in (count_field, population_field):
        if not pd.api.types.is_numeric_dtype(out[f]):
            numbers = pd.to_numeric(out[f], errors="coerce")
            text = out[f][numbers.isna() & out[f].notna()]
            if len(text):
                raise ValueError(f"field '{f}' must hold numbers; it holds "
                                 f"{text.astype(str).head(3).tolist()}")
            out[f] = numbers
    pop = pd.to_numeric(out[population_field], errors="coerce")
    reason = pd.Series("", index=out.index, dtype=object)
    for f in reversed(required):
        reason = reason.mask(out[f].isna(), f"no {f}")
    reason = reason.mask(pop < min_population, f"population below {min_population:g}")
    reason = reason.mask(pop <= 0, "no residents")
    reason = reason.mask(pop.isna(), "no population")
    out[F.INCLUDED] = reason.eq("").to_numpy()
    out[F.EXCLUSION_REASON] = reason.where(~out[F.INCLUDED], None)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = out[count_field] / pop * per
    # small populations get no rate at all, and nothing is ever divided by zero
    out[rate_field] = rate.where((pop >= min_population) & (pop > 0))
    return out
