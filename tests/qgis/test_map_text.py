"""Maps in Spanish: every title, legend and note of the one-command run has a translation."""
import pytest

from boston_civic_qgis.definitions.map_text import localise


def test_titles_are_translated_and_short_enough_for_one_line():
    from boston_civic_qgis.qgis_side import run

    for spec in run.MAPS:
        es = localise(spec["title"], "es")
        assert es != spec["title"], spec["title"]
        assert len(es) <= 75, es  # one line at 16 pt across A4 landscape


@pytest.mark.parametrize("english,spanish", [
    ("0.7 – 3.4 per 100 residents", "0.7 – 3.4 por cada 100 residentes"),
    ("−6.7 – −4.8 (far below predicted)", "−6.7 – −4.8 (muy por debajo de lo predicho)"),
    ("income low (up to $70k), white high (over 65%)",
     "ingreso bajo (hasta $70k), blanca alta (más de 65%)"),
    ("Resident-initiated 311 requests opened 2011-07-01 to 2011-12-31.",
     "Solicitudes al 311 de residentes abiertas del 2011-07-01 al 2011-12-31."),
])
def test_labels(english, spanish):
    assert localise(english, "es") == spanish
    assert localise(english, "en") == english
    assert localise(english, "") == localise(english, "fr") == english  # no table: unchanged


def test_a_run_in_spanish_makes_spanish_maps(provider, package, tmp_path):
    from qgis.core import QgsLayoutItemLabel, QgsLayoutItemLegend, QgsProject

    from boston_civic_qgis.qgis_side.run import run_full

    run_full(out_dir=str(tmp_path), dpi=40, language="es")
    project = QgsProject()
    assert project.read(str(tmp_path / "boston_civic.qgz"))
    layout = project.layoutManager().layoutByName("requests_per_100")
    texts = [i.text() for i in layout.items() if isinstance(i, QgsLayoutItemLabel)]
    assert "Solicitudes al 311 de residentes por cada 100 residentes, por sección" in texts
    assert any(t.startswith("Fuentes: Ciudad de Boston") for t in texts)
    # the rate map says what the rate is of (not the models' income and race sources)
    assert ("Solicitudes al 311 de residentes abiertas del 2011-07-01 al 2011-12-31, por cada "
            "100 residentes del Censo 2020; las secciones con menos de 200 residentes no "
            "tienen tasa.") in texts
    legend = next(i for i in layout.items() if isinstance(i, QgsLayoutItemLegend))
    assert legend.title() == "Leyenda"
    # Figure 3's chart is drawn again in Spanish for its layout (the report's stays English)
    chart = (tmp_path / "figures" / "ballots_on_requests_es.svg").read_text(encoding="utf-8")
    assert "Papeletas emitidas, alcaldía 2021" in chart and "ajuste: pendiente" in chart
    assert "Ballots cast" in (tmp_path / "figures" / "ballots_on_requests.svg").read_text(
        encoding="utf-8")
