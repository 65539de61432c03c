"""Benchmarks (make bench): counting requests in tracts and precincts, and the whole analysis,
against QGIS's native algorithms and a plain geopandas sjoin on the same points, in the same run.

Inputs: the real 2011 points (58,251 rows), and larger sets made by resampling the real points
with a small jitter (50 ft), written with a `resampled` flag: they are not real requests.
Each (tool, size) runs in a fresh process, so peak memory is its own; up to 300,000 points,
the median of three. Results go to out/bench.json as records {points, step, tool, seconds,
peak_rss_mb} (and the seconds of each run, `runs`). The count step counts the points into the
tracts and into the precincts.

    python bench/bench.py [--sizes 58251,280000,3000000,35000000] [--out out/bench.json]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
WORK = os.path.join(ROOT, "out", "bench_data")
TOOLS = {
    "count": ["bostoncivic", "geopandas_sjoin", "qgis_native_countpointsinpolygon",
              "qgis_native_joinbylocationsummary"],
    "analysis": ["bostoncivic"],
}


# each measurement on up to this many points is the median of REPEATS fresh processes
REPEATS, REPEAT_UP_TO = 3, 300_000
# above this many points only bostoncivic's count runs (it streams the file in chunks; the
# others hold every point at once), and the file holds only the fields that count reads,
# written straight into SQLite
CHUNKED_ONLY = 5_000_000


def points_file(n: int) -> str:
    """A GeoPackage of n request points: the real ones, or real ones resampled with jitter."""
    import geopandas as gpd
    import numpy as np
    import pyogrio

    from boston_civic_qgis.core.package import default_package

    path = os.path.join(WORK, f"requests_{n}.gpkg")
    if os.path.exists(path):
        return path
    os.makedirs(WORK, exist_ok=True)
    real = pyogrio.read_dataframe(default_package(), layer="requests_311")
    if n > CHUNKED_ONLY:
        return _large_points_file(real, n, path)
    if n == len(real):
        sample = real.assign(resampled=False)
    else:
        rng = np.random.default_rng(311)
        sample = real.iloc[rng.integers(0, len(real), n)].reset_index(drop=True)
        jitter = rng.normal(0, 50, (n, 2))  # feet
        xy = np.column_stack([sample.geometry.x, sample.geometry.y]) + jitter  # NaN if none
        moved = gpd.GeoSeries(gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs=real.crs)
        sample["geometry"] = moved.where(sample.geometry.notna(), None)
        sample["case_id"] = [f"resampled-{i}" for i in range(n)]
        sample["resampled"] = True
    pyogrio.write_dataframe(sample, path, layer="requests_311")
    return path


def _large_points_file(real, n: int, path: str, block: int = 1_000_000) -> str:
    """Real points resampled with jitter, as in points_file, for sizes pyogrio would take an
    hour to write: the layer is created by pyogrio (GeoPackage tables, CRS, no spatial index),
    then rows go in by SQLite with their geometry blobs built by numpy (GeoPackage header,
    little-endian WKB point)."""
    import sqlite3

    import numpy as np
    import pyogrio

    keep = ["case_id", "resident_initiated", "location_status"]
    tmp = path[:-len(".gpkg")] + ".tmp.gpkg"
    if os.path.exists(tmp):
        os.remove(tmp)
    pyogrio.write_dataframe(real[keep + ["geometry"]].iloc[:0].assign(resampled=True), tmp,
                            layer="requests_311", driver="GPKG", geometry_type="Point",
                            layer_options={"SPATIAL_INDEX": "NO"})
    blob = np.dtype([("magic", "S2"), ("version", "u1"), ("flags", "u1"), ("srs", "<i4"),
                     ("order", "u1"), ("type", "<u4"), ("x", "<f8"), ("y", "<f8")])
    rng = np.random.default_rng(311)
    x0, y0 = real.geometry.x.to_numpy(), real.geometry.y.to_numpy()
    with sqlite3.connect(tmp) as db:
        srs = db.execute("SELECT srs_id FROM gpkg_geometry_columns").fetchone()[0]
        for start in range(0, n, block):
            m = min(block, n - start)
            pick = rng.integers(0, len(real), m)
            xy = np.column_stack([x0[pick], y0[pick]]) + rng.normal(0, 50, (m, 2))
            rec = np.zeros(m, blob)
            rec["magic"], rec["flags"], rec["srs"], rec["order"], rec["type"] = b"GP", 1, srs, 1, 1
            rec["x"], rec["y"] = xy[:, 0], xy[:, 1]
            raw = rec.tobytes()
            ok = np.isfinite(xy).all(axis=1)
            geoms = [raw[i * 29:(i + 1) * 29] if ok[i] else None for i in range(m)]
            rows = zip((f"resampled-{start + i}" for i in range(m)),
                       real.resident_initiated.to_numpy()[pick].astype(int).tolist(),
                       real.location_status.to_numpy()[pick].tolist(), geoms, [1] * m)
            db.executemany("INSERT INTO requests_311 (case_id, resident_initiated, "
                           "location_status, geom, resampled) VALUES (?, ?, ?, ?, ?)", rows)
        x, y = real.geometry.x, real.geometry.y
        db.execute("UPDATE gpkg_contents SET min_x=?, min_y=?, max_x=?, max_y=?",
                   (x.min() - 200, y.min() - 200, x.max() + 200, y.max() + 200))
    os.replace(tmp, path)
    return path


LEVELS = (("tracts", "GEOID"), ("precincts", "ward_precinct"))


def run_one(step: str, tool: str, points: str) -> dict:
    """One measurement, in this process: the count step counts the points into the tracts
    and into the precincts. The clock starts after the imports (and QGIS's start-up): a QGIS
    session or a notebook pays them once, not per run."""
    from boston_civic_qgis.core.package import default_package

    package = default_package()
    if tool == "bostoncivic" and step == "count":
        import pyarrow  # noqa: F401  (what the count's reading imports)
        import rasterio.features  # noqa: F401

        from boston_civic_qgis.core.counting import count_file
        from boston_civic_qgis.core.sources import read_layer

        start = time.perf_counter()
        levels = {name: (read_layer(package, name), key) for name, key in LEVELS}
        counted = count_file(points, None, levels)
        total = [int(counted[name][0].requests.sum()) for name, _ in LEVELS]
    elif tool == "geopandas_sjoin":
        import geopandas as gpd
        import pyogrio

        start = time.perf_counter()
        req = pyogrio.read_dataframe(points, columns=["resident_initiated", "location_status"])
        req = req[req.resident_initiated.astype(bool) & (req.location_status == "ok")]
        total = []
        for name, key in LEVELS:
            areas = pyogrio.read_dataframe(package, layer=name)
            joined = gpd.sjoin(req[["geometry"]], areas[[key, "geometry"]],
                               predicate="within")
            total.append(int(joined.groupby(key).size().sum()))
    elif tool.startswith("qgis_native"):
        from boston_civic_qgis.qgis_side.app import start_qgis

        start_qgis()
        import processing
        from processing.core.Processing import Processing
        from qgis.core import QgsApplication, QgsVectorLayer

        Processing.initialize()
        start = time.perf_counter()  # QGIS start-up is not the algorithm's time
        layer = QgsVectorLayer(f"{points}|layername=requests_311", "r", "ogr")
        layer.setSubsetString("\"resident_initiated\" = 1 AND \"location_status\" = 'ok'")
        total = []
        for name, _ in LEVELS:
            areas = f"{package}|layername={name}"
            if tool == "qgis_native_countpointsinpolygon":
                out = processing.run("native:countpointsinpolygon", {
                    "POLYGONS": areas, "POINTS": layer, "FIELD": "n",
                    "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
                total.append(int(sum(f["n"] for f in out.getFeatures())))
            else:
                # native in QGIS 3.24+, a Python algorithm of the processing plugin in 3.22
                alg = next(a for a in ("native:joinbylocationsummary",
                                       "qgis:joinbylocationsummary")
                           if QgsApplication.processingRegistry().algorithmById(a))
                out = processing.run(alg, {
                    "INPUT": areas, "JOIN": layer, "PREDICATE": [0], "JOIN_FIELDS": ["fid"],
                    "SUMMARIES": [0], "DISCARD_NONMATCHING": False,
                    "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
                total.append(int(sum(f["fid_count"] or 0 for f in out.getFeatures())))
    elif tool == "bostoncivic" and step == "analysis":
        import tempfile

        from boston_civic_qgis.core.package import read_inputs, read_land
        from boston_civic_qgis.core.pipeline import run_analysis, write_outputs
        from boston_civic_qgis.qgis_side.app import start_qgis
        from boston_civic_qgis.qgis_side.run import STYLES
        from boston_civic_qgis.qgis_side.styles import renderer_for, style_qml

        start_qgis()
        start = time.perf_counter()
        req, tr, pr, sources, _ = read_inputs(f"{points}|layername=requests_311")
        result = run_analysis(req, tr, pr, inputs=sources, land=read_land())
        frames = {"tracts": result.tracts, "precincts": result.precincts}
        styles = {name: style_qml(renderer_for(frames[name][f].dropna(), f, k, u, decimals=d), f)
                  for name, (f, k, u, d) in STYLES.items()}
        write_outputs(result, tempfile.mkdtemp(prefix="bench_"), styles=styles)
        total = [int(result.tracts.requests.sum()), int(result.precincts.requests.sum())]
    else:
        raise ValueError(f"unknown tool {tool} for step {step}")
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 3), "peak_rss_mb": round(peak_rss_mb(), 1),
            "counted": total}


def peak_rss_mb() -> float:
    """This process's peak resident memory. Linux's VmHWM starts afresh at exec; ru_maxrss
    does not: it carried the parent's peak (the one that made the points) into every run."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="58251,280000,3000000,35000000")
    ap.add_argument("--out", default=os.path.join(ROOT, "out", "bench.json"))
    ap.add_argument("--one", nargs=3, metavar=("STEP", "TOOL", "POINTS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(*args.one)))
        return
    records = []
    for n in [int(s) for s in args.sizes.split(",")]:
        points = points_file(n)
        for step, tools in TOOLS.items():
            for tool in tools:
                if n > CHUNKED_ONLY and (step, tool) != ("count", "bostoncivic"):
                    continue
                runs = []
                # the first run builds the area grids (bostoncivic keeps them between runs,
                # as QGIS keeps a GeoPackage's spatial index): its cache starts empty
                grids = os.path.join(WORK, "grids")
                shutil.rmtree(grids, ignore_errors=True)
                for _ in range(REPEATS if n <= REPEAT_UP_TO else 1):
                    res = subprocess.run([sys.executable, __file__, "--one", step, tool, points],
                                         capture_output=True, text=True,
                                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen",
                                                  BOSTON_CIVIC_CACHE=grids))
                    if res.returncode != 0:
                        print(f"{n} {step} {tool}: failed\n{res.stderr[-2000:]}",
                              file=sys.stderr)
                        break
                    runs.append(json.loads(res.stdout.strip().splitlines()[-1]))
                if not runs:
                    continue
                # the median run: one slow start of a process should not make the ratio
                middle = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
                rec = {"points": n, "step": step, "tool": tool, **middle,
                       "runs": [r["seconds"] for r in runs]}
                records.append(rec)
                print(json.dumps(rec), flush=True)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(records, f, indent=1)
    print(table(records))


def table(records) -> str:
    """Markdown table of the count step: seconds, memory and speed-up over each tool."""
    lines = ["| points | tool | step | seconds | peak RSS (MB) | bostoncivic faster by |",
             "|---:|---|---|---:|---:|---:|"]
    ours = {(r["points"], r["step"]): r["seconds"] for r in records if r["tool"] == "bostoncivic"}
    for r in records:
        ratio = r["seconds"] / ours[(r["points"], r["step"])] if (r["points"], r["step"]) in ours \
            else float("nan")
        lines.append(f"| {r['points']:,} | {r['tool']} | {r['step']} | {r['seconds']:.2f} | "
                     f"{r['peak_rss_mb']:.0f} | {ratio:.1f}× |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
