"""The maps' words in other languages: English phrase -> translation, applied longest first
to titles, subtitles, notes, legend titles and class labels (numbers and dates pass through)."""

MAP_PHRASES = {
    "es": [
        ("Median household income and white share, by census tract",
         "Ingreso mediano y proporción de población blanca, por sección censal"),
        ("Resident-initiated 311 requests per 100 residents, by census tract",
         "Solicitudes al 311 de residentes por cada 100 residentes, por sección"),
        ("Requests per 100 residents compared with what income and race predict",
         "Solicitudes por 100 residentes frente a lo que predicen ingreso y raza"),
        ("Clusters of tracts engaging more or less than income and race predict",
         "Secciones que participan más o menos de lo que predicen ingreso y raza"),
        ("Resident-initiated 311 requests per 100 residents, kernel density",
         "Solicitudes al 311 de residentes por cada 100 residentes, densidad"),
        ("How much slower or faster the city closed requests than for the same types elsewhere",
         "Rapidez de cierre frente a las solicitudes del mismo tipo en otros lugares"),
        ("2021 mayoral ballots compared with what 311 requests predict, by precinct",
         "Papeletas de 2021 frente a lo que predicen las solicitudes, por precinto"),
        ("Precincts with more 311 requests had more voters in 2021",
         "Los precintos con más solicitudes al 311 tuvieron más votantes en 2021"),
        ("Sources: City of Boston, 311 Service Requests (Analyze Boston, ODC PDDL); US Census "
         "Bureau, 2020 Census P.L. 94-171 and ACS 5-year S1901; City of Boston Election "
         "Department. Resident-initiated requests only; requests on the geocoder's default "
         "location are left out. Made with Boston Civic QGIS on",
         "Fuentes: Ciudad de Boston, solicitudes de servicio 311 (Analyze Boston, ODC PDDL); "
         "Oficina del Censo de EE. UU., Censo 2020 P.L. 94-171 y ACS de 5 años S1901; "
         "Departamento Electoral de la Ciudad de Boston. Solo solicitudes de residentes; se "
         "excluyen las solicitudes en la ubicación por defecto del geocodificador. Hecho con "
         "Boston Civic QGIS el"),
        ("Resident-initiated 311 requests opened", "Solicitudes al 311 de residentes abiertas del"),
        (", per 100 residents of the 2020 Census; tracts under",
         ", por cada 100 residentes del Censo 2020; las secciones con menos de"),
        ("residents get no rate.", "residentes no tienen tasa."),
        ("over 2020 Census residents, both smoothed with a Gaussian kernel (sd 1,500 ft) on a "
         "250 ft grid; blank where fewer than 50 residents live nearby.",
         "sobre los residentes del Censo 2020, ambos suavizados con un núcleo gaussiano (de 1.500 "
         "pies) en una malla de 250 pies; en blanco donde viven cerca menos de 50 residentes."),
        ("closed by the end of the period: each closing time minus the city-wide median for its "
         "request type, median per tract. Red: slower than for the same types elsewhere; blue: "
         "faster.",
         "cerradas antes del fin del periodo: cada tiempo de cierre menos la mediana de la "
         "ciudad para su tipo, mediana por sección. Rojo: más lento que para los mismos tipos en "
         "otros lugares; azul: más rápido."),
        ("ballots cast in the 2021-11-02 mayoral general election; 2012-2021 precinct map.",
         "papeletas emitidas en la elección general a la alcaldía del 2021-11-02; mapa de "
         "precintos 2012-2021."),
        ("Ballots cast in the 2021 mayoral general election and resident-initiated 311 requests "
         "opened", "Papeletas emitidas en la elección general a la alcaldía de 2021 y "
         "solicitudes al 311 de residentes abiertas del"),
        ("by precinct, with the least-squares line (raw counts, as in the brief: precinct size is "
         "part of the relation).",
         "por precinto, con la recta de mínimos cuadrados (conteos brutos, como en el informe: "
         "el tamaño del precinto es parte de la relación)."),
        ("Terciles of the tracts with at least", "Terciles de las secciones con al menos"),
        ("residents.", "residentes."),
        ("ACS 5-year 2018-2022, table S1901 (2022 dollars)",
         "ACS de 5 años 2018-2022, tabla S1901 (dólares de 2022)"),
        ("ACS 5-year 2016-2020, table S1901 (2020 dollars)",
         "ACS de 5 años 2016-2020, tabla S1901 (dólares de 2020)"),
        ("White alone, 2020 Census P1 (percent of population)",
         "Solo blanca, Censo 2020 P1 (porcentaje de la población)"),
        ("White alone, not Hispanic, ACS 2018-2022 (percent)",
         "Solo blanca, no hispana, ACS 2018-2022 (porcentaje)"),
        ("White alone, not Hispanic, 2020 Census P2 (percent; 169 of 207 tracts)",
         "Solo blanca, no hispana, Censo 2020 P2 (porcentaje; 169 de 207 secciones)"),
        ("Income:", "Ingreso:"), ("White share:", "Proporción blanca:"),
        ("Residual, observed − predicted|(requests per 100 residents)",
         "Residuo, observado − predicho|(solicitudes por cada 100 residentes)"),
        ("Residual, observed − predicted|(ballots)", "Residuo, observado − predicho|(papeletas)"),
        ("Requests per 100 residents (kernel density)",
         "Solicitudes por cada 100 residentes (densidad de núcleo)"),
        ("Requests per 100 residents", "Solicitudes por cada 100 residentes"),
        ("LISA cluster of residuals", "Agrupamiento LISA de los residuos"),
        ("Median income × white share (terciles)",
         "Ingreso × proporción blanca (terciles)"),
        ("Days to close vs. the type's median", "Días de cierre frente a la mediana del tipo"),
        ("High-high: above predicted, among neighbours above",
         "Alto-alto: por encima de lo predicho, entre vecinas por encima"),
        ("Low-low: below predicted, among neighbours below",
         "Bajo-bajo: por debajo de lo predicho, entre vecinas por debajo"),
        ("High-low: above predicted, among neighbours below",
         "Alto-bajo: por encima de lo predicho, entre vecinas por debajo"),
        ("Low-high: below predicted, among neighbours above",
         "Bajo-alto: por debajo de lo predicho, entre vecinas por encima"),
        ("Not significant", "No significativo"),
        ("Not in the model", "Fuera del modelo"),
        ("No data, or population under the minimum", "Sin datos, o población bajo el mínimo"),
        ("No rate:", "Sin tasa:"), ("Not in the model:", "Fuera del modelo:"),
        ("population under", "población menor que"), ("no residents", "sin residentes"),
        ("or no data", "o sin datos"), ("No data", "Sin datos"),
        ("Fewer than 5 requests, or not in the models",
         "Menos de 5 solicitudes, o fuera de los modelos"),
        ("far below predicted", "muy por debajo de lo predicho"),
        ("below predicted", "por debajo de lo predicho"),
        ("about as predicted", "cerca de lo predicho"),
        ("far above predicted", "muy por encima de lo predicho"),
        ("above predicted", "por encima de lo predicho"),
        ("much faster", "mucho más rápido"), ("much slower", "mucho más lento"),
        ("about the same", "similar"), ("faster", "más rápido"), ("slower", "más lento"),
        ("per 100 residents", "por cada 100 residentes"),
        ("income low", "ingreso bajo"), ("income middle", "ingreso medio"),
        ("income high", "ingreso alto"), ("white low", "blanca baja"),
        ("white middle", "blanca media"), ("white high", "blanca alta"),
        ("up to", "hasta"), ("over", "más de"),
        ("Legend", "Leyenda"),
        ("Median income →", "Ingreso mediano →"), ("White share →", "Proporción blanca →"),
        ("Resident-initiated requests (tens)", "Solicitudes de residentes (decenas)"),
        ("Ballots cast, 2021 mayoral", "Papeletas emitidas, alcaldía 2021"),
        ("Registered voters", "Votantes inscritos"),
        ("fitted: slope", "ajuste: pendiente"),
        (" to ", " al "),
    ],
}
LANGUAGES = ("en", *MAP_PHRASES)


def localise(text: str, language: str = "en") -> str:
    """`text` with every known phrase in `language` (English, or any other language without
    a table: unchanged)."""
    if language not in MAP_PHRASES or not text:  # English, or a language without phrases
        return text
    for english, translated in sorted(MAP_PHRASES[language], key=lambda p: -len(p[0])):
        text = text.replace(english, translated)
    return text
