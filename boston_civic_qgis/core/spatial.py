"""Spatial statistics of areas: contiguity weights, Moran's I, LISA clusters, EB smoothing.

Built on libpysal and esda. Areas with a missing value are left out of the weights (and get
no cluster); areas left with no neighbour (islands) are reported and left out too, because a
lag of nothing is not zero.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

DEFAULT_SEED = 20250101
DEFAULT_PERMUTATIONS = 999
CLUSTER_LABELS = {1: "high-high", 2: "low-high", 3: "low-low", 4: "high-low"}
NOT_SIGNIFICANT = "not significant"


@dataclass
class MoranResult:
    variable: str
    level: str
    i: float
    expected_i: float
    p_value: float            # pseudo p-value from the permutations
    z: float
    n: int
    islands: list = field(default_factory=list)
    permutations: int = DEFAULT_PERMUTATIONS
    seed: int = DEFAULT_SEED
    weights: str = "queen"
    clusters: pd.Series | None = None   # by area index: high-high ... not significant; NA out

    def row(self):
        return {"variable": self.variable, "level": self.level, "morans_i": self.i,
                "expected_i": self.expected_i, "p_value": self.p_value, "z": self.z,
                "n": self.n, "islands": len(self.islands), "permutations": self.permutations,
                "seed": self.seed, "weights": self.weights}


_NEIGHBOURS: dict = {}


def contiguity_weights(areas, kind: str = "queen"):
    """Queen (or rook) contiguity weights of a GeoDataFrame, ids = its index positions.
    The neighbours of the same polygons are found once per process (the rates, residuals
    and service residuals of one layer share them)."""
    import hashlib

    import shapely
    from libpysal import weights

    key = (hashlib.sha1(b"".join(shapely.to_wkb(areas.geometry.values))).hexdigest(), kind)
    if key not in _NEIGHBOURS:
        cls = {"queen": weights.Queen, "rook": weights.Rook}[kind]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # islands are reported by the caller, not warned
            found = cls.from_dataframe(areas, use_index=False, silence_warnings=True)
        if len(_NEIGHBOURS) >= 16:
            _NEIGHBOURS.pop(next(iter(_NEIGHBOURS)))
        _NEIGHBOURS[key] = {i: list(n) for i, n in found.neighbors.items()}
    neighbours = _NEIGHBOURS[key]
    return weights.W({i: list(n) for i, n in neighbours.items()}, id_order=list(neighbours),
                     silence_warnings=True)


def moran(areas, variable: str, level: str = "areas", kind: str = "queen",
          permutations: int = DEFAULT_PERMUTATIONS, seed: int = DEFAULT_SEED,
          significance: float = 0.05) -> MoranResult:
    """Global Moran's I of `variable` and its LISA clusters, with a fixed, recorded seed."""
    import esda
    from libpysal.weights import w_subset

    values = pd.to_numeric(areas[variable], errors="coerce")
    have = areas.loc[values.notna()]
    if len(have) < 3:
        raise ValueError(f"Moran's I of {variable}: only {len(have)} areas have a value")
    w = contiguity_weights(have, kind)
    islands = [have.index[i] for i in w.islands]
    if w.islands:
        keep = [i for i in range(len(have)) if i not in set(w.islands)]
        w = w_subset(w, keep, silence_warnings=True)  # ids keep the order of `keep`
        have = have.iloc[keep]
    y = values.loc[have.index].to_numpy(dtype=float)
    w.transform = "r"
    np.random.seed(seed)  # esda's global Moran draws from numpy's global generator
    mi = esda.Moran(y, w, permutations=permutations)
    local = esda.Moran_Local(y, w, permutations=permutations, seed=seed)
    codes = pd.Series(local.q, index=have.index).map(CLUSTER_LABELS)
    codes[local.p_sim >= significance] = NOT_SIGNIFICANT
    clusters = pd.Series(pd.NA, index=areas.index, dtype="string")
    clusters.loc[have.index] = codes.to_numpy()
    return MoranResult(variable, level, float(mi.I), float(mi.EI), float(mi.p_sim),
                       float(mi.z_sim), len(y), islands, permutations, seed, kind, clusters)


def global_eb(e: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Marshall's global empirical Bayes rates: each raw rate shrunk toward the pooled rate,
    the more the smaller its population."""
    rate, theta = e / b, e.sum() / b.sum()
    variance = (b * (rate - theta) ** 2).sum() / b.sum() - theta / b.mean()
    variance = max(variance, 0.0)
    weight = variance / (variance + theta / b)
    return weight * rate + (1 - weight) * theta


def eb_rates(areas, count: str, population: str, per: float = 100, kind: str = "queen"):
    """Empirical Bayes smoothed rates (global and spatial), as GeoDa defines them.

    Global EB is Marshall's moment estimator, computed here because esda's Empirical_Bayes does
    not set a negative prior variance to zero (GeoDa and Anselin's workbook do; esda's
    spatial version does too): with little extra-Poisson variation esda pushes rates away
    from the mean instead of onto it. Spatial EB is esda's (window: the area and its
    neighbours). Returns (global EB, spatial EB) per area, per `per` residents; NA where the
    population is missing or zero (spatial EB also for areas with no neighbour).
    """
    from esda.smoothing import Spatial_Empirical_Bayes

    pop = pd.to_numeric(areas[population], errors="coerce")
    use = pop.notna() & (pop > 0) & pd.to_numeric(areas[count], errors="coerce").notna()
    rows = areas.loc[use]
    e = pd.to_numeric(rows[count]).to_numpy(dtype=float).reshape(-1, 1)
    b = pop[use].to_numpy(dtype=float).reshape(-1, 1)
    glob = pd.Series(np.nan, index=areas.index)
    glob.loc[use] = global_eb(e.ravel(), b.ravel()) * per
    spatial = pd.Series(np.nan, index=areas.index)
    w = contiguity_weights(rows, kind)
    connected = [i for i in range(len(rows)) if i not in set(w.islands)]
    if w.islands:
        from libpysal.weights import w_subset

        w = w_subset(w, connected, silence_warnings=True)
    w.id_order = w.id_order  # marks the order as set: it follows e and b
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sr = Spatial_Empirical_Bayes(e[connected], b[connected], w).r.ravel() * per
    spatial.loc[rows.index[connected]] = sr
    return glob, spatial
