"""Command line: python -m boston_civic_qgis run [--requests PATH] [--tracts PATH] ...

Every input defaults to the data package (data/build/boston.gpkg, or $BOSTON_CIVIC_DATA).
A layer inside a GeoPackage is given as 'file.gpkg|layername=NAME'.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

from .definitions import fields as F


def _at_least(minimum):
    def check(text):
        value = int(text)
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, not {value}")
        return value
    return check


def _between(minimum, maximum):
    def check(text):
        value = _at_least(minimum)(text)
        if value > maximum:
            raise argparse.ArgumentTypeError(f"must be at most {maximum:,}, not {value:,}")
        return value
    return check


def check_out_dir(out: str) -> None:
    """The output folder must be a folder we can write, checked before the work starts."""
    if os.path.exists(out) and not os.path.isdir(out):
        raise ValueError(f"--out {out}: a file of that name exists; give a folder")
    probe = out
    while not os.path.exists(probe):
        probe = os.path.dirname(os.path.abspath(probe))
    if not os.access(probe, os.W_OK | os.X_OK):
        raise ValueError(f"--out {out}: {probe} is not writable")


def parser():
    ap = argparse.ArgumentParser(prog="python -m boston_civic_qgis",
                                 description="311 civic-engagement analysis of census tracts "
                                             "and voting precincts.")
    sub = ap.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the whole analysis and write out/")
    run.add_argument("--requests", help="311 requests: a raw export (CSV plain, zipped or "
                                        "gzipped, or Parquet) in a known or --layout column "
                                        "layout, or any point layer GDAL reads "
                                        "('file.gpkg|layername=x'); default: the data package")
    run.add_argument("--tracts", help="census tracts layer (default: the data package)")
    run.add_argument("--precincts", help="precincts layer (default: the data package)")
    run.add_argument("--land", help="land polygons to clip tracts and precincts to before "
                                    "carrying demographics to precincts (default: the data "
                                    "package's neighborhoods, when tracts and precincts come "
                                    "from it)")
    run.add_argument("--out", default="out", help="output folder (default: out)")
    run.add_argument("--income-vintage", default=F.DEFAULT_INCOME_VINTAGE,
                     choices=sorted(F.INCOME_VINTAGES),
                     help="ACS 5-year median household income table (default %(default)s)")
    run.add_argument("--white-share", default=F.DEFAULT_WHITE_SHARE,
                     choices=sorted(F.WHITE_SHARE_FIELDS),
                     help="white share variable of the tracts (default %(default)s)")
    run.add_argument("--min-population", type=_at_least(0), default=F.DEFAULT_MIN_POPULATION,
                     help="tracts with fewer residents stay on the maps but out of rates and "
                          "models (default %(default)s)")
    run.add_argument("--from", dest="period_from", metavar="YYYY-MM-DD",
                     help="count only requests opened on or after this local date")
    run.add_argument("--to", dest="period_to", metavar="YYYY-MM-DD",
                     help="count only requests opened on or before this local date")
    run.add_argument("--channels", help="CSV table of channels (columns channel, "
                                        "resident_initiated); default: Boston's, "
                                        "boston_civic_qgis/definitions/channels.csv")
    run.add_argument("--layout", help="311 column mapping: a JSON file, or the name of a "
                                      "shipped one (boston_classic, boston_crm_2025, nyc_311, "
                                      "chicago_311, open311_georeport_v2); default: detected")
    run.add_argument("--language", default="en", choices=["en", "es"],
                     help="language of the maps' titles, legends and notes (default en)")
    run.add_argument("--atlas", action="store_true",
                     help="also an atlas PDF with a page per neighborhood of the requests per "
                          "100 residents and residual maps (maps/*_by_neighborhood.pdf)")
    run.add_argument("--no-maps", action="store_true",
                     help="skip QGIS: no styles, project or maps (data, tables and report only)")
    run.add_argument("--dpi", type=_at_least(50), default=300,
                     help="PNG resolution of the maps (default 300)")
    count = sub.add_parser(
        "count", help="count requests in tracts and precincts only, straight from the file in "
                      "chunks: for files larger than memory, or many files on a dask cluster")
    count.add_argument("--requests", nargs="+", metavar="PATH",
                       help="requests: normalised layers (as the data package's requests_311) "
                            "are counted in chunks, several files (years, cities) added up; a "
                            "raw 311 export is read whole; default: the data package")
    count.add_argument("--tracts", help="census tracts layer (default: the data package)")
    count.add_argument("--precincts", help="precincts layer (default: the data package)")
    count.add_argument("--from", dest="period_from", metavar="YYYY-MM-DD",
                       help="count only requests opened on or after this local date")
    count.add_argument("--to", dest="period_to", metavar="YYYY-MM-DD",
                       help="count only requests opened on or before this local date")
    count.add_argument("--chunk-size", type=_between(1000, 50_000_000), default=500_000,
                       help="rows read at a time (default %(default)s; memory grows with it)")
    count.add_argument("--dask", nargs="?", const="local", metavar="ADDRESS",
                       help="count the files on a dask cluster: a scheduler address "
                            "(tcp://host:8786), or none for a local cluster")
    count.add_argument("--out", default=os.path.join("out", "counts.gpkg"),
                       help="GeoPackage written: tracts and precincts with 'requests', and the "
                            "ledger (default %(default)s)")
    batch = sub.add_parser("batch", help="run a batch recipe (processing/batch/*.json)")
    batch.add_argument("recipe", help="a JSON recipe of runs (see processing/batch/)")
    batch.add_argument("--out", default=os.path.join("out", "batch"),
                       help="folder of the runs' output folders (default %(default)s)")
    batch.add_argument("--print-commands", action="store_true",
                       help="print the qgis_process command of each run instead")
    return ap


def run_batch(args):
    from .qgis_side.batch import commands, load_recipe, run_recipe

    recipe = load_recipe(args.recipe, args.out)
    if args.print_commands:
        print("\n".join(commands(recipe)))
        return 0
    from .qgis_side.app import start_qgis

    start_qgis()
    for run in run_recipe(recipe, log=lambda m: print(m, file=sys.stderr)):
        print(json.dumps({"name": run["name"], "results": {
            k: v for k, v in run["results"].items() if isinstance(v, (str, int, float))}}))
    return 0


def default_land(args):
    """--land, else the data package's land when its tracts and precincts are used."""
    from .core.package import read_land, split_source
    from .core.sources import read_layer

    if args.land:
        return read_layer(*split_source(args.land))
    return read_land() if args.tracts is None and args.precincts is None else None


def run_count(args):
    """The count command: counts per tract and precinct, and the ledger, in one GeoPackage."""
    import pyogrio

    from .core.outputs import atomic_path
    from .core.pipeline import Parameters, count_job
    from .core.sources import InputError

    from .core.package import default_package

    params = Parameters(period_from=args.period_from, period_to=args.period_to)
    out = os.path.realpath(args.out)
    try:
        params.period()
        # the data package is an input too when an input is left to it
        defaults = [] if args.requests and args.tracts and args.precincts else \
            [default_package()]
        for given in (args.requests or []) + [args.tracts, args.precincts] + defaults:
            if given and os.path.realpath(given.split("|")[0]) == out:
                raise ValueError(f"--out {args.out}: is an input ({given}); choose another "
                                 "file")
        if os.path.isdir(out):
            raise ValueError(f"--out {args.out}: a folder; give a .gpkg file")
        if not out.lower().endswith(".gpkg"):
            raise ValueError(f"--out {args.out}: the counts are written as a GeoPackage; give "
                             "a file name ending in .gpkg")
        check_out_dir(os.path.dirname(out))
        progress = lambda pct, msg: print(f"[{pct:5.1f}%] {msg}", file=sys.stderr)  # noqa: E731
        areas, ledger, notes = count_job(args.requests, args.tracts, args.precincts, params,
                                         args.chunk_size, args.dask, progress)
        with atomic_path(out) as tmp:
            for name, layer in areas.items():
                pyogrio.write_dataframe(layer, tmp, layer=name, driver="GPKG")
            pyogrio.write_dataframe(ledger, tmp, layer="ledger", driver="GPKG")
    except (InputError, ValueError, KeyError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    print(ledger.pivot(index="category", columns="level", values="rows").reindex(
        list(F.LEDGER_CATEGORIES) + ["total_input"])[list(areas)].to_string())
    print(f"counts: {args.out}")
    return 0


def main(argv=None):
    args = parser().parse_args(argv)
    if args.command == "count":
        return run_count(args)
    if args.command == "batch":
        try:
            return run_batch(args)
        except (ValueError, KeyError, OSError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    from .core.outputs import refuse_to_overwrite_inputs, remove_stale
    from .core.pipeline import Parameters
    from .core.sources import InputError

    params = Parameters(income_vintage=args.income_vintage, white_share_field=args.white_share,
                        min_population=args.min_population)
    if args.layout and not args.requests:
        print("error: --layout describes a 311 export: give it with --requests (the data "
              "package's requests are normalised already)", file=sys.stderr)
        return 2
    if args.channels:
        params.channels = args.channels
    params.period_from, params.period_to = args.period_from, args.period_to
    try:
        params.period()  # checked before any input is read
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out = args.out
    try:
        check_out_dir(out)
        refuse_to_overwrite_inputs(out, [args.requests, args.tracts, args.precincts, args.land,
                                         args.channels, args.layout])
        progress = lambda pct, msg: print(f"[{pct:5.1f}%] {msg}", file=sys.stderr)  # noqa: E731
        if args.no_maps:
            from .core.package import read_inputs
            from .core.pipeline import run_analysis, write_outputs

            req, tr, pr, sources, notes = read_inputs(args.requests, args.tracts, args.precincts,
                                                     channels=args.channels,
                                                     layout=args.layout)
            land = default_land(args)
            result = run_analysis(req, tr, pr, params, inputs=sources, land=land,
                                  feedback=progress, notes=notes)
            written = write_outputs(result, out)
            remove_stale(out, written)
        else:
            from .qgis_side.app import start_qgis
            from .qgis_side.run import run_full

            start_qgis()
            written = run_full(args.requests, args.tracts, args.precincts, out, params,
                               feedback=progress, dpi=args.dpi, land=default_land(args),
                               layout=args.layout, language=args.language,
                               atlas=args.atlas)
            result = written.pop("result")
    except (InputError, ValueError, KeyError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    for kind, path in written.items():
        for p in (path if isinstance(path, list) else [path]):
            print(f"{kind}: {p}")
    counted = result.ledger.query("level == 'tracts' and category == 'counted'")["rows"].sum()
    print(f"{counted:,} resident-initiated requests counted in {len(result.tracts)} tracts; "
          f"{int(result.tracts['included'].sum())} tracts in the model")
    return 0


if __name__ == "__main__":
    sys.exit(main())
