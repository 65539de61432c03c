"""The one-command run: core analysis, then styled GeoPackage, QGIS project, maps and report."""
from __future__ import annotations

import datetime as dt
import os

from qgis.core import QgsProject, QgsVectorLayer

from ..core.package import read_inputs, read_land
from ..core.outputs import refuse_to_overwrite_inputs, remove_stale
from ..core.pipeline import Parameters, run_analysis, write_outputs
from .layouts import (add_key, export_atlas, export_layout, figure_layout, make_atlas,
                      map_layout)
from .styles import (apply_style, bivariate_key_svg, load_qml, localise_labels, no_data_layer,
                     renderer_for, style_qml)

SOURCE_NOTE = (
    "Sources: City of Boston, 311 Service Requests (Analyze Boston, ODC PDDL); US Census Bureau, "
    "2020 Census P.L. 94-171 and ACS 5-year S1901; City of Boston Election Department. "
    "Resident-initiated requests only; requests on the geocoder's default location are left out. "
    "Made with Boston Civic QGIS on {date}."
)

# default style of each output layer: (field, style kind, legend unit, decimals)
STYLES = {
    "tracts": ("requests_per_100", "sequential_quantiles", "per 100 residents", 1),
    "precincts": ("residual", "diverging_residuals", "ballots", 0),
}
NO_RATE = "No rate: {too_few} or no data"
NOT_IN_MODEL = "Not in the model: {too_few} or no data"
# the maps of the one-command run; `no_data` is the filter and label of the hatched areas
# drawn beneath graduated styles (categorized styles carry their own no-data class)
MAPS = [
    dict(name="income_and_race", layer="tracts", field="income_race_class", kind="bivariate",
         title="Median household income and white share, by census tract"),
    dict(name="requests_per_100", layer="tracts", field="requests_per_100",
         kind="sequential_quantiles", unit="per 100 residents", decimals=1,
         title="Resident-initiated 311 requests per 100 residents, by census tract",
         no_data=("\"requests_per_100\" IS NULL", NO_RATE)),
    dict(name="tract_residuals", layer="tracts", field="residual", kind="diverging_residuals",
         decimals=1,
         title="Requests per 100 residents compared with what income and race predict",
         no_data=("\"residual\" IS NULL", NOT_IN_MODEL)),
    dict(name="tract_lisa_clusters", layer="tracts", field="lisa_cluster",
         kind="lisa_clusters",
         title="Clusters of tracts engaging more or less than income and race predict"),
    dict(name="request_density", layer="density", field="", kind="raster",
         title="Resident-initiated 311 requests per 100 residents, kernel density"),
    dict(name="days_vs_type_median", layer="tracts", field="days_vs_type_median",
         kind="diverging_speed", decimals=1,
         title="How much slower or faster the city closed requests than for the same types "
               "elsewhere",
         no_data=("\"days_vs_type_median\" IS NULL OR NOT \"included\"",
                  "Fewer than 5 requests, or not in the models")),
    dict(name="precinct_ballots_residuals", layer="precincts", field="residual",
         kind="diverging_residuals", decimals=0,
         title="2021 mayoral ballots compared with what 311 requests predict, by precinct",
         no_data=("\"residual\" IS NULL", "No data")),
]
# the maps that also get an atlas, one page per neighborhood (run_full(atlas=True))
ATLAS_MAPS = ("requests_per_100", "tract_residuals")


def run_full(requests=None, tracts=None, precincts=None, out_dir="out", params=None,
             feedback=None, maps=True, dpi=300, names=None, log=print, land="auto",
             layout=None, language="en", atlas=False):
    """Run everything; returns a dict of the written paths (and the result).

    Inputs are paths or GeoDataFrames (see core.package.read_inputs); missing ones come from
    the data package. `land` clips areas before demographics are carried to precincts;
    "auto": the data package's, when its tracts and precincts are used. `language`: of the
    maps' titles, legends and notes ("en", "es"). `atlas`: also a PDF with one page per
    neighborhood of each map in ATLAS_MAPS (maps/NAME_by_neighborhood.pdf).
    """
    from ..definitions.map_text import localise

    def say_in(text):
        return localise(text, language)
    say = feedback or (lambda pct, msg: None)
    params = params or Parameters()
    refuse_to_overwrite_inputs(out_dir, [requests, tracts, precincts, land, layout,
                                         params.channels, *(names or {}).values()])
    say(0, "reading inputs")
    req, tr, pr, sources, notes = read_inputs(requests, tracts, precincts, names,
                                              params.channels, layout)
    if isinstance(land, str) and land == "auto":
        land = read_land() if tracts is None and precincts is None else None
    result = run_analysis(req, tr, pr, params, inputs=sources, land=land, notes=notes,
                          feedback=lambda p, m: say(5 + p * 0.5, m))

    layers = {"tracts": result.tracts, "precincts": result.precincts}
    styles = {
        name: style_qml(renderer_for(layers[name][field].dropna(), field, kind, unit,
                                     decimals=decimals), field)
        for name, (field, kind, unit, decimals) in STYLES.items()
    }

    say(55, "writing the GeoPackage")
    os.makedirs(out_dir, exist_ok=True)
    written = write_outputs(result, out_dir, styles=styles)
    gpkg = written["geopackage"]

    say(65, "writing the QGIS project")
    project, layers = build_project(gpkg, params)
    if "density" in written:
        from .styles import style_density

        density = style_density(written["density"], language=language)
        written["density_style"] = os.path.splitext(written["density"])[0] + ".qml"
        project.addMapLayer(density)
        project.layerTreeRoot().findLayer(density.id()).setItemVisibilityChecked(False)
        layers["density"] = density
    qgz = os.path.join(out_dir, "boston_civic.qgz")
    tmp = os.path.join(out_dir, ".boston_civic.tmp.qgz")
    if not project.write(tmp):
        raise RuntimeError(f"{qgz}: the project could not be written")
    os.replace(tmp, qgz)
    written["project"] = qgz

    map_files, map_pdfs, atlases = [], [], []
    if maps:
        today = dt.date.today().isoformat()
        maps_to_make = [m for m in MAPS if m["layer"] in layers]
        for i, spec in enumerate(maps_to_make):
            say(70 + 25 * i / len(maps_to_make), f"exporting map {spec['name']}")
            base = layers[spec["layer"]]
            if spec["kind"] == "raster":
                styled = base
            else:
                styled = QgsVectorLayer(base.source(), say_in(_legend_title(spec)), "ogr")
                income_bins, white_bins = result.bivariate_bins
                apply_style(styled, spec["field"], spec["kind"], unit=spec.get("unit", ""),
                            decimals=spec.get("decimals", 1),
                            bins={"income_bins": income_bins, "white_bins": white_bins})
                localise_labels(styled.renderer(), language)
            shown = [styled]
            if "no_data" in spec:
                rule, label = spec["no_data"]
                too_few = (f"population under {params.min_population}"
                           if params.min_population > 0 else "no residents")
                missing = no_data_layer(base, rule, say_in(label.format(too_few=too_few)))
                shown += [missing] if missing.featureCount() else []
            context = [lyr for key, lyr in layers.items() if key == "neighborhoods"]
            for lyr in shown:
                if lyr.id() not in project.mapLayers():
                    project.addMapLayer(lyr, False)
            def layout_of(name):
                # areas left out are hatched above the colours: none shows through
                return map_layout(project, name, context + shown[::-1],
                                  say_in(spec["title"]),
                                  say_in(_subtitle(spec, result.period, params)),
                                  say_in(SOURCE_NOTE.format(date=today)), legend_layers=shown,
                                  legend_title=say_in("Legend"))
            layout = layout_of(spec["name"])
            if spec["kind"] == "bivariate":  # the 3x3 grid instead of nine lines of legend
                key = bivariate_key_svg(os.path.join(out_dir, "maps", f"{spec['name']}_key.svg"),
                                        *result.bivariate_bins, language=language)
                add_key(layout, key)
                written.setdefault("map_keys", []).append(key)
            files = export_layout(layout,
                                  os.path.join(out_dir, "maps", f"{spec['name']}.png"),
                                  os.path.join(out_dir, "maps", f"{spec['name']}.pdf"),
                                  dpi=dpi)
            map_files.append((files[0], say_in(spec["title"])))
            map_pdfs += files[1:]
            if atlas and spec["name"] in ATLAS_MAPS and context:
                name = f"{spec['name']}_by_neighborhood"
                atlases.append((export_atlas(make_atlas(layout_of(name), context[0]),
                                             os.path.join(out_dir, "maps", f"{name}.pdf")),
                                say_in(spec["title"])))
                map_pdfs.append(atlases[-1][0])
        svg = os.path.join(out_dir, "figures", "ballots_on_requests.svg")
        ballots = next((m for m in result.models if m.name == "ballots_on_requests"), None)
        if ballots is not None and language != "en":  # the chart in the maps' language
            from ..core.figures import model_figure

            png = model_figure(ballots, os.path.join(
                out_dir, "figures", f"ballots_on_requests_{language}.png"), language)
            if png:
                svg = os.path.splitext(png)[0] + ".svg"
                written["figures_maps"] = [png, svg]
        if os.path.exists(svg):  # the brief's Figure 3, as a print layout too
            title = "Precincts with more 311 requests had more voters in 2021"
            title = say_in(title)
            layout = figure_layout(
                project, "voters_and_requests", svg, title,
                say_in(f"Ballots cast in the 2021 mayoral general election and "
                       f"resident-initiated 311 requests opened {result.period}, by precinct, "
                       "with the least-squares line (raw counts, as in the brief: precinct "
                       "size is part of the relation)."),
                say_in(SOURCE_NOTE.format(date=today)))
            files = export_layout(layout, os.path.join(out_dir, "maps", "voters_and_requests.png"),
                                  os.path.join(out_dir, "maps", "voters_and_requests.pdf"),
                                  dpi=dpi)
            map_files.append((files[0], title))
            map_pdfs += files[1:]
        project.write(tmp)
        os.replace(tmp, qgz)
        written["maps"] = [f for f, _ in map_files]
        written["map_pdfs"] = map_pdfs

    say(96, "writing the report")
    from ..core.report import write_report

    write_report(result, written["report"], maps=map_files, atlases=atlases)
    if maps:
        from .report_pdf import html_to_pdf

        written["report_pdf"] = html_to_pdf(written["report"],
                                            os.path.join(out_dir, "report.pdf"))
    written["figures"] = result.figures
    remove_stale(out_dir, written)
    say(100, "done")
    written["result"] = result
    return written


def _subtitle(spec, period, params):
    d = params.describe()
    if spec["kind"] == "raster":
        return (f"Resident-initiated 311 requests opened {period} over 2020 Census residents, "
                "both smoothed with a Gaussian kernel (sd 1,500 ft) on a 250 ft grid; blank "
                "where fewer than 50 residents live nearby.")
    if spec["kind"] == "bivariate":
        return (f"Terciles of the tracts with at least {params.min_population} residents. "
                f"Income: {d['income_vintage'].split(': ', 1)[1]}. White share: "
                f"{d['white_share_field'].split(': ', 1)[1]}.")
    if spec["field"] == "days_vs_type_median":
        return (f"Resident-initiated 311 requests opened {period}, closed by the end of the "
                "period: each closing time minus the city-wide median for its request type, "
                "median per tract. Red: slower than for the same types elsewhere; blue: faster.")
    if spec["field"] == "requests_per_100":  # a rate: its denominator, not the models' data
        return (f"Resident-initiated 311 requests opened {period}, per 100 residents of the "
                f"2020 Census; tracts under {params.min_population} residents get no rate.")
    if spec["layer"] == "precincts":
        return (f"Resident-initiated 311 requests opened {period}; ballots cast in the "
                "2021-11-02 mayoral general election; 2012-2021 precinct map.")
    return (f"Resident-initiated 311 requests opened {period}. Income: "
            f"{d['income_vintage'].split(': ', 1)[1]}. White share: "
            f"{d['white_share_field'].split(': ', 1)[1]}.")


def _legend_title(spec):
    if spec["field"] == "days_vs_type_median":
        return "Days to close vs. the type's median"
    if spec["field"] == "residual":
        unit = "requests per 100 residents" if spec["layer"] == "tracts" else "ballots"
        return f"Residual, observed − predicted|({unit})"
    return {"requests_per_100": "Requests per 100 residents",
            "lisa_cluster": "LISA cluster of residuals",
            "income_race_class": "Median income × white share (terciles)"}.get(
                spec["field"], spec["field"])


def build_project(gpkg: str, params) -> tuple:
    """A project with the styled output layers (and the outlines of the land layer, when the
    run had one), relative paths."""
    project = QgsProject()
    project.setTitle("Boston Civic QGIS: 311 engagement")
    layers = {}
    hoods = QgsVectorLayer(f"{gpkg}|layername=neighborhoods", "Neighborhoods", "ogr")
    if hoods.isValid():
        load_qml(hoods, "neighborhoods.qml")
        if "name" not in hoods.fields().names():
            hoods.setLabelsEnabled(False)
        layers["neighborhoods"] = hoods
    for name, (field, kind, unit, decimals) in STYLES.items():
        lyr = QgsVectorLayer(f"{gpkg}|layername={name}", name.capitalize(), "ogr")
        if not lyr.isValid():
            raise RuntimeError(f"{gpkg}: layer {name} cannot be opened")
        apply_style(lyr, field, kind, unit=unit, decimals=decimals)
        layers[name] = lyr
    for name in ("ledger", "regressions"):
        layers[name] = QgsVectorLayer(f"{gpkg}|layername={name}", name.capitalize(), "ogr")
    # each layer added goes on top of the layer list: outlines end above the choropleths
    for key in ("regressions", "ledger", "precincts", "tracts", "neighborhoods"):
        if key in layers:
            project.addMapLayer(layers[key])
    if "precincts" in layers:
        project.layerTreeRoot().findLayer(layers["precincts"].id()).setItemVisibilityChecked(False)
    project.setCrs(layers["tracts"].crs())
    return project, layers
