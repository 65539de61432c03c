"""Build the Boston data package (data/build/boston.gpkg) from the sources in data/manifest.json.

Reads the shared mirror (../shared/data/raw, or $BOSTON_CIVIC_MIRROR), verifies every checksum,
normalises, joins and writes one GeoPackage, all layers in EPSG:2249 (NAD83 / Massachusetts
Mainland, US feet), with a `provenance` table. With --online, sources missing from the mirror are
fetched from their official CKAN portal first (their checksums may differ from the mirror's:
the official files are re-exported over time; the new checksum is reported, not trusted blindly).

    python data/build.py [--mirror DIR] [--out data/build/boston.gpkg] [--online]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

import geopandas as gpd  # noqa: E402
import pandas as pd  # noqa: E402
import pyogrio  # noqa: E402

from boston_civic_qgis.core.outputs import atomic_path  # noqa: E402
from boston_civic_qgis.core.package import sha256_file as sha256  # noqa: E402
from boston_civic_qgis.core.sources import (  # noqa: E402
    InputError, read_figures, read_raw_requests)

EPSG = 2249
DEFAULT_MIRROR = os.path.join(ROOT, "..", "shared", "data", "raw")
DEFAULT_OUT = os.path.join(HERE, "build", "boston.gpkg")


def load_manifest():
    with open(os.path.join(HERE, "manifest.json"), encoding="utf-8") as f:
        return {s["id"]: s for s in json.load(f)["sources"]}


def fetch_ckan(source, dest):
    """Download a source from its CKAN portal (package_show, then the resource whose name fits)."""
    ckan = source["ckan"]
    url = f"{ckan['site']}/api/3/action/package_show?id={ckan['dataset']}"
    with urllib.request.urlopen(url, timeout=60) as r:
        resources = json.load(r)["result"]["resources"]
    match = [res for res in resources if ckan["resource_name_contains"] in res.get("name", "")]
    if not match:
        raise InputError(f"{url}: no resource named like {ckan['resource_name_contains']!r}")
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    urllib.request.urlretrieve(match[0]["url"], dest)
    return dest


def resolve(sources, mirror, online, checked):
    """Path of each source, checksum verified. Returns {id: path}."""
    paths = {}
    for sid, s in sources.items():
        path = os.path.join(mirror, s["mirror"])
        if not os.path.exists(path) and online and "ckan" in s:
            path = fetch_ckan(s, os.path.join(HERE, "build", "downloads", os.path.basename(path)))
            print(f"{sid}: downloaded from {s['ckan']['site']}, sha256 {sha256(path)} "
                  f"(mirror copy: {s['sha256']})")
        elif not os.path.exists(path):
            raise InputError(
                f"{sid}: {path} not found. Put the mirror at ../shared/data (or set "
                f"BOSTON_CIVIC_MIRROR to its raw/ folder), or download it from {s['official']}"
            )
        elif sha256(path) != s["sha256"]:
            raise InputError(f"{sid}: {path} has sha256 {sha256(path)}, the manifest expects "
                             f"{s['sha256']}: the file changed; check it and update the manifest")
        checked[sid] = sha256(path)
        paths[sid] = path
    return paths


def acs_estimate(raw: pd.Series):
    """ACS strings -> (number, top-coded flag). '-', '**', '***', 'N', '' are no estimate."""
    num, topcoded = read_figures(raw)
    # "250,000+" is the top code: keep 250,001 (the Census convention) and flag it
    num = num.where(~topcoded, num + 1)
    num = num.where(num >= 0)  # negative annotation codes (-666666666 ...) are no estimate
    return num, topcoded


def build_tracts(p):
    shp = f"zip://{p['tracts_2020']}!Census2020_Tracts/Census2020_Tracts.shp"
    geo = gpd.read_file(shp, engine="pyogrio")
    # The .prj is ESRI-style and matches no EPSG code; the coordinates are EPSG:2249 feet.
    geo = geo.set_crs(EPSG, allow_override=True)
    t = gpd.GeoDataFrame({
        "GEOID": geo["GEOID20"].astype(str), "name": geo["NAME20"].astype(str),
        "aland_m2": geo["ALAND20"].astype("int64"), "awater_m2": geo["AWATER20"].astype("int64"),
    }, geometry=geo.geometry, crs=EPSG)

    p1 = pd.read_csv(p["p1_2020"], dtype=str, skiprows=[1])
    p1 = p1.assign(GEOID=p1["GEO_ID"].str[-11:]).set_index("GEOID")
    missing = sorted(set(t.GEOID) - set(p1.index))
    if missing:
        raise InputError(f"{p['p1_2020']}: no P1 row for tracts {missing}")
    pop = pd.to_numeric(t.GEOID.map(p1["P1_001N"]))
    white = pd.to_numeric(t.GEOID.map(p1["P1_003N"]))
    t["population"] = pop.astype("int64")
    t["white_alone"] = white.astype("int64")
    t["white_alone_share_2020"] = (100 * white / pop).where(pop > 0).round(2)

    p2 = pd.read_csv(p["p2_2020_partial"], dtype=str).set_index("GEOID")
    p2_tot, p2_white = (pd.to_numeric(t.GEOID.map(p2[c])) for c in ("P2_001N", "P2_005N"))
    t["nh_white_share_2020"] = (100 * p2_white / p2_tot).where(p2_tot > 0).round(2)

    svi = pd.read_csv(p["acs2022_minority"], dtype=str).set_index("FIPS")
    t["nh_white_share_acs2022"] = (100 - pd.to_numeric(t.GEOID.map(svi["EP_MINRTY"]))).round(1)

    for vintage, est, moe in (
        ("acs2020", "median_raw", "moe_raw"),
        ("acs2022", "S1901_C01_012E_median_hh_income_raw", "S1901_C01_012M_moe_raw"),
    ):
        acs = pd.read_csv(p[f"{vintage}_s1901"], dtype=str, keep_default_na=False).set_index("GEOID")
        hh_col = "households" if "households" in acs.columns else "S1901_C01_001E_households"
        missing = sorted(set(t.GEOID) - set(acs.index))
        if missing:
            raise InputError(f"{p[f'{vintage}_s1901']}: no row for tracts {missing}")
        income, top = acs_estimate(t.GEOID.map(acs[est]))
        margin, _ = acs_estimate(t.GEOID.map(acs[moe]))
        t[f"households_{vintage}"] = pd.to_numeric(t.GEOID.map(acs[hh_col])).astype("int64")
        t[f"median_income_{vintage}"] = income
        t[f"median_income_moe_{vintage}"] = margin
        t[f"median_income_topcoded_{vintage}"] = top.to_numpy()

    hood = pd.read_csv(p["tract_neighborhoods"], dtype=str).set_index("GEOID")
    t["neighborhood"] = t.GEOID.map(hood["neighborhood_2020"])
    t["special_use"] = t["name"].str.startswith("98").to_numpy()
    return t.sort_values("GEOID").reset_index(drop=True)


def build_precincts(p):
    path = p["precincts_2012"]
    geo = gpd.read_file(path, engine="pyogrio")
    x0, y0, x1, y1 = geo.total_bounds
    if not (x0 > 1000 and y0 > 1000):
        raise InputError(f"{path}: expected projected EPSG:2249 coordinates, got bounds "
                         f"{geo.total_bounds}; the file changed, check it")
    # The file declares no CRS, so readers assume lon/lat; its numbers are EPSG:2249 feet.
    geo = geo.set_crs(EPSG, allow_override=True)
    wp = geo["WARD_PRECINCT"].astype(str)
    pr = gpd.GeoDataFrame({
        "ward_precinct": wp, "ward": wp.str[:2].astype(int),
        "precinct": geo["PRECINCT"].astype(str).str.lstrip("0"),
    }, geometry=geo.geometry.make_valid(), crs=EPSG)

    mayor = pd.read_csv(p["mayor_2021_general"], dtype={"ward_precinct": str}).set_index("ward_precinct")
    reg = pd.read_csv(p["registered_voters"], dtype={"ward_precinct": str})
    reg = reg[reg.election == "2017-11-07"].set_index("ward_precinct")
    for name, table in (("2021 results", mayor), ("2017 registration", reg)):
        missing = sorted(set(pr.ward_precinct) - set(table.index))
        if missing:
            raise InputError(f"{name}: no row for precincts {missing}")
    pr["ballots_cast"] = pr.ward_precinct.map(mayor["ballots_cast"]).astype("int64")
    pr["ballots_cast_election"] = "2021-11-02 mayoral general"
    pr["votes_wu"] = pr.ward_precinct.map(mayor["michelle_wu"]).astype("int64")
    pr["votes_essaibi_george"] = pr.ward_precinct.map(mayor["annissa_essaibi_george"]).astype("int64")
    pr["registered_voters"] = pr.ward_precinct.map(reg["num_registered"]).astype("int64")
    pr["registered_voters_year"] = 2017
    pr["registered_voters_election"] = "2017-11-07 municipal general"
    pr["voters_2017"] = pr.ward_precinct.map(reg["num_voters"]).astype("int64")

    pop = pd.read_csv(p["precinct_population_2020"], dtype={"ward_precinct": str})
    pop = pop.set_index("ward_precinct")
    missing = sorted(set(pr.ward_precinct) - set(pop.index))
    if missing:
        raise InputError(f"{p['precinct_population_2020']}: no row for precincts {missing}")
    pr["population"] = pr.ward_precinct.map(pop["pop"]).round().astype("int64")
    pr["voting_age_population"] = pr.ward_precinct.map(pop["vap"]).round().astype("int64")
    return pr.sort_values("ward_precinct").reset_index(drop=True)


def build_requests(p):
    req = read_raw_requests(p["requests_2011"])
    return req.to_crs(EPSG)


def build_neighborhoods(p):
    n = gpd.read_file(p["neighborhoods_26"], engine="pyogrio")
    return gpd.GeoDataFrame({"name": n["name"].astype(str), "neighborhood_id": n["neighborhood_id"]},
                            geometry=n.geometry.make_valid(), crs=n.crs).to_crs(EPSG)


def build(mirror=DEFAULT_MIRROR, out=DEFAULT_OUT, online=False, quiet=False):
    sources = load_manifest()
    checked = {}
    paths = resolve(sources, mirror, online, checked)
    layers = {
        "requests_311": build_requests(paths),
        "tracts": build_tracts(paths),
        "precincts": build_precincts(paths),
        "neighborhoods": build_neighborhoods(paths),
    }
    provenance = pd.DataFrame([
        {"source": sid, "role": s["role"], "publisher": s["publisher"], "official": s["official"],
         "vintage": s["vintage"], "licence": s["licence"], "copied_from": s["copied_from"],
         "mirror_path": s["mirror"], "sha256": checked[sid]}
        for sid, s in sources.items()
    ])
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with atomic_path(out) as tmp:
        for name, gdf in layers.items():
            pyogrio.write_dataframe(gdf, tmp, layer=name, driver="GPKG")
        pyogrio.write_dataframe(provenance, tmp, layer="provenance", driver="GPKG")
    if not quiet:
        for name, gdf in layers.items():
            print(f"{out}: {name}: {len(gdf)} features")
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mirror", default=os.environ.get("BOSTON_CIVIC_MIRROR", DEFAULT_MIRROR))
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--online", action="store_true", help="fetch sources missing from the mirror")
    args = ap.parse_args(argv)
    try:
        build(os.path.abspath(args.mirror), args.out, args.online)
    except InputError as exc:
        sys.exit(f"data build failed: {exc}")


if __name__ == "__main__":
    main()
