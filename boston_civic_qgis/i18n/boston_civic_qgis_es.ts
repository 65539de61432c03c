<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name>BostonCivicAlgorithm</name>
    <message>
        <source>Analysis</source>
        <translation>Análisis</translation>
    </message>
    <message>
        <source>Predictors</source>
        <translation>Variables explicativas</translation>
    </message>
    <message>
        <source>Units (divisor per predictor, comma-separated)</source>
        <translation>Unidades (un divisor por variable explicativa, separados por comas)</translation>
    </message>
    <message>
        <source>Maps</source>
        <translation>Mapas</translation>
    </message>
    <message>
        <source>Service equity</source>
        <translation>Equidad del servicio</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Estadística</translation>
    </message>
</context>
<context>
    <name>CountModel</name>
    <message>
        <source>Count model (Poisson, negative binomial)</source>
        <translation>Modelo de conteo (Poisson, binomial negativa)</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Estadística</translation>
    </message>
    <message>
        <source>Models a &lt;b&gt;Count&lt;/b&gt; (e.g. requests) with log(&lt;b&gt;Population&lt;/b&gt;) as offset, so that coefficients are log rate ratios: Poisson GLM or negative binomial NB2 (statsmodels). The table gives estimates, model-based and robust (HC1) standard errors, incidence-rate ratios (irr) with 95 % intervals, AIC and pseudo-R². For Poisson, the log reports the Cameron-Trivedi overdispersion test: when it is significant, prefer NB2. Areas with missing values or no population are left out; 'predicted' is the expected count, 'residual' observed − expected.</source>
        <translation>Modela un &lt;b&gt;Conteo&lt;/b&gt; (por ejemplo, solicitudes) con log(&lt;b&gt;Población&lt;/b&gt;) como desplazamiento (offset), de modo que los coeficientes son logaritmos de razones de tasas: GLM de Poisson o binomial negativa NB2 (statsmodels). La tabla da las estimaciones, los errores estándar del modelo y robustos (HC1), las razones de tasas de incidencia (irr) con intervalos del 95 %, el AIC y el pseudo-R². Para Poisson, el registro informa la prueba de sobredispersión de Cameron-Trivedi: si es significativa, prefiera NB2. Las áreas con valores faltantes o sin población quedan fuera; 'predicted' es el conteo esperado y 'residual', observado − esperado.</translation>
    </message>
    <message>
        <source>Areas</source>
        <translation>Áreas</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Conteo</translation>
    </message>
    <message>
        <source>Population (offset)</source>
        <translation>Población (desplazamiento)</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>Familia</translation>
    </message>
    <message>
        <source>Areas with expected counts</source>
        <translation>Áreas con conteos esperados</translation>
    </message>
    <message>
        <source>Model table</source>
        <translation>Tabla del modelo</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Análisis</translation>
    </message>
    <message>
        <source>Maps</source>
        <translation>Mapas</translation>
    </message>
    <message>
        <source>Service equity</source>
        <translation>Equidad del servicio</translation>
    </message>
</context>
<context>
    <name>CountRequestsByArea</name>
    <message>
        <source>Count requests by area</source>
        <translation>Contar solicitudes por área</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Análisis</translation>
    </message>
    <message>
        <source>Counts resident-initiated 311 requests in each polygon (point in polygon).

&lt;b&gt;Requests&lt;/b&gt;: a point layer. A normalised layer (the data package's requests_311) or a known 311 export layout is classified by channel; any other point layer is taken as resident-initiated requests.
&lt;b&gt;Areas&lt;/b&gt; and &lt;b&gt;Area id&lt;/b&gt;: polygons with a unique id (GEOID, ward_precinct).

Outputs: the areas with a 'requests' field (0 where none), and a ledger table that puts every input row in exactly one category: duplicate, invalid, staff_initiated, no_coordinates, default_location (the geocoder's fallback at City Hall), outside_all_areas, counted. A point on a boundary shared by several areas is counted once, in the area with the smallest id. Points are reprojected to the areas' CRS.</source>
        <translation>Cuenta las solicitudes al 311 hechas por residentes en cada polígono (punto en polígono).

&lt;b&gt;Solicitudes&lt;/b&gt;: una capa de puntos. Una capa normalizada (requests_311 del paquete de datos) o un formato conocido de exportación del 311 se clasifica por canal; cualquier otra capa de puntos se toma como solicitudes de residentes.
&lt;b&gt;Áreas&lt;/b&gt; e &lt;b&gt;Identificador del área&lt;/b&gt;: polígonos con un identificador único (GEOID, ward_precinct).

Resultados: las áreas con un campo 'requests' (0 donde no hay ninguna) y una tabla contable que pone cada fila de entrada en exactamente una categoría: duplicate (duplicada), invalid (inválida), staff_initiated (creada por personal de la ciudad), no_coordinates (sin coordenadas), default_location (la ubicación por defecto del geocodificador, en el Ayuntamiento), outside_all_areas (fuera de todas las áreas), counted (contada). Un punto en un límite compartido por varias áreas se cuenta una sola vez, en el área de menor identificador. Los puntos se reproyectan al SRC de las áreas.</translation>
    </message>
    <message>
        <source>311 requests</source>
        <translation>Solicitudes al 311</translation>
    </message>
    <message>
        <source>Areas (tracts, precincts, ...)</source>
        <translation>Áreas (secciones censales, precintos, ...)</translation>
    </message>
    <message>
        <source>Area id field</source>
        <translation>Campo identificador del área</translation>
    </message>
    <message>
        <source>Areas with request counts</source>
        <translation>Áreas con conteos de solicitudes</translation>
    </message>
    <message>
        <source>Ledger</source>
        <translation>Tabla contable</translation>
    </message>
    <message>
        <source>Maps</source>
        <translation>Mapas</translation>
    </message>
    <message>
        <source>Service equity</source>
        <translation>Equidad del servicio</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Estadística</translation>
    </message>
</context>
<context>
    <name>ExportMapLayout</name>
    <message>
        <source>Export a map layout</source>
        <translation>Exportar una composición de mapa</translation>
    </message>
    <message>
        <source>Maps</source>
        <translation>Mapas</translation>
    </message>
    <message>
        <source>Makes an A4 landscape print layout of a polygon layer (title, subtitle, map, legend, scale bar in miles, north arrow, source note) and exports it to PNG and vector PDF with QGIS's layout exporter.

The layer is drawn with its current style, or, when a &lt;b&gt;Field&lt;/b&gt; is chosen, classified with the chosen &lt;b&gt;Style&lt;/b&gt; (as 'Style a choropleth'). An optional &lt;b&gt;Context layer&lt;/b&gt; (e.g. neighborhoods) is drawn on top as labelled outlines.

An &lt;b&gt;Atlas&lt;/b&gt; PDF, when one is asked for, has a page per feature of the &lt;b&gt;Atlas coverage&lt;/b&gt; layer (e.g. neighborhoods), sorted and titled by its &lt;b&gt;Page name field&lt;/b&gt;: the map zooms to the feature, the other features are veiled, and the legend keeps the classes of the whole layer.</source>
        <translation>Crea una composición de impresión A4 apaisada de una capa de polígonos (título, subtítulo, mapa, leyenda, barra de escala en millas, flecha del norte, nota de fuentes) y la exporta a PNG y a PDF vectorial con el exportador de composiciones de QGIS.

La capa se dibuja con su estilo actual o, si se elige un &lt;b&gt;Campo&lt;/b&gt;, clasificada con el &lt;b&gt;Estilo&lt;/b&gt; elegido (como en 'Aplicar un estilo de coropletas'). Una &lt;b&gt;Capa de contexto&lt;/b&gt; opcional (por ejemplo, los barrios) se dibuja encima como contornos con etiquetas.

Un PDF de &lt;b&gt;Atlas&lt;/b&gt;, si se pide, tiene una página por entidad de la capa de &lt;b&gt;Cobertura del atlas&lt;/b&gt; (por ejemplo, los barrios), ordenadas y tituladas por su &lt;b&gt;Campo del nombre de página&lt;/b&gt;: el mapa se acerca a la entidad, las demás quedan veladas y la leyenda conserva las clases de toda la capa.</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Capa</translation>
    </message>
    <message>
        <source>Field to classify (empty: keep the layer's style)</source>
        <translation>Campo que clasificar (vacío: mantener el estilo de la capa)</translation>
    </message>
    <message>
        <source>Style</source>
        <translation>Estilo</translation>
    </message>
    <message>
        <source>Unit in legend labels</source>
        <translation>Unidad en las etiquetas de la leyenda</translation>
    </message>
    <message>
        <source>Context layer (outlines with labels)</source>
        <translation>Capa de contexto (contornos con etiquetas)</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Subtitle</source>
        <translation>Subtítulo</translation>
    </message>
    <message>
        <source>Source note</source>
        <translation>Nota de fuentes</translation>
    </message>
    <message>
        <source>PNG resolution (dpi)</source>
        <translation>Resolución del PNG (ppp)</translation>
    </message>
    <message>
        <source>PNG</source>
        <translation>PNG</translation>
    </message>
    <message>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <source>Atlas coverage (a page per feature)</source>
        <translation>Cobertura del atlas (una página por entidad)</translation>
    </message>
    <message>
        <source>Page name field</source>
        <translation>Campo del nombre de página</translation>
    </message>
    <message>
        <source>Atlas</source>
        <translation>Atlas</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Análisis</translation>
    </message>
    <message>
        <source>Service equity</source>
        <translation>Equidad del servicio</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Estadística</translation>
    </message>
</context>
<context>
    <name>InterpolateAreas</name>
    <message>
        <source>Carry attributes to other areas (areal interpolation)</source>
        <translation>Llevar atributos a otras áreas (interpolación areal)</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Estadística</translation>
    </message>
    <message>
        <source>Weighted means of the &lt;b&gt;Fields&lt;/b&gt; of the &lt;b&gt;Source areas&lt;/b&gt; (e.g. tract income and white share) over each &lt;b&gt;Target area&lt;/b&gt; (e.g. precinct), for areas that do not nest. Population-weighted: each source area's residents are spread evenly over its land and a piece weighs the residents it holds; area-weighted: a piece weighs its area. With a &lt;b&gt;Land&lt;/b&gt; layer both are clipped to it first, so that water takes no weight. A missing source value takes no weight. Adds 'coverage', the share of each target's land that source areas cover. Reference: Goodchild and Lam (1980), Areal interpolation, GeoProcessing 1.</source>
        <translation>Medias ponderadas de los &lt;b&gt;Campos&lt;/b&gt; de las &lt;b&gt;Áreas de origen&lt;/b&gt; (por ejemplo, el ingreso y la proporción de población blanca de las secciones censales) sobre cada &lt;b&gt;Área de destino&lt;/b&gt; (por ejemplo, un precinto), para áreas que no se anidan. Ponderación por población: los residentes de cada área de origen se reparten por igual sobre su tierra y cada fragmento pesa los residentes que contiene; ponderación por superficie: cada fragmento pesa su superficie. Con una capa de &lt;b&gt;Tierra&lt;/b&gt;, ambas se recortan primero a ella, para que el agua no tenga peso. Un valor de origen faltante no tiene peso. Añade 'coverage', la proporción de la tierra de cada destino que cubren las áreas de origen. Referencia: Goodchild y Lam (1980), Areal interpolation, GeoProcessing 1.</translation>
    </message>
    <message>
        <source>Source areas</source>
        <translation>Áreas de origen</translation>
    </message>
    <message>
        <source>Source id</source>
        <translation>Identificador de origen</translation>
    </message>
    <message>
        <source>Fields to carry</source>
        <translation>Campos que llevar</translation>
    </message>
    <message>
        <source>Population field (population weights)</source>
        <translation>Campo de población (ponderación por población)</translation>
    </message>
    <message>
        <source>Target areas</source>
        <translation>Áreas de destino</translation>
    </message>
    <message>
        <source>Target id</source>
        <translation>Identificador de destino</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>Ponderación</translation>
    </message>
    <message>
        <source>Land (optional)</source>
        <translation>Tierra (opcional)</translation>
    </message>
    <message>
        <source>Target areas with carried attributes</source>
        <translation>Áreas de destino con los atributos llevados</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Análisis</translation>
    </message>
    <message>
        <source>Maps</source>
        <translation>Mapas</translation>
    </message>
    <message>
        <source>Service equity</source>
        <translation>Equidad del servicio</translation>
    </message>
</context>
<context>
    <name>PerCapitaRates</name>
    <message>
        <source>Per-capita rates</source>
        <translation>Tasas por habitante</translation>
    </message>
    <message>
        <source>Adds a rate field = count / population × &lt;b&gt;Per&lt;/b&gt; (default: requests per 100 residents).

Areas whose population is under &lt;b&gt;Minimum population&lt;/b&gt; (default 200), missing, or missing one of the &lt;b&gt;Required fields&lt;/b&gt; stay in the output with a NULL rate (under the minimum) and 'included' = false; 'exclusion_reason' says why. Nothing is divided by zero.</source>
        <translation>Añade un campo de tasa = conteo / población × &lt;b&gt;Por&lt;/b&gt; (por defecto: solicitudes por cada 100 residentes).

Las áreas cuya población es menor que la &lt;b&gt;Población mínima&lt;/b&gt; (por defecto 200), falta, o a las que les falta uno de los &lt;b&gt;Campos requeridos&lt;/b&gt; quedan en el resultado con una tasa NULL (bajo el mínimo) e 'included' = false; 'exclusion_reason' dice por qué. Nunca se divide por cero.</translation>
    </message>
    <message>
        <source>Areas</source>
        <translation>Áreas</translation>
    </message>
    <message>
        <source>Count field</source>
        <translation>Campo de conteo</translation>
    </message>
    <message>
        <source>Population field</source>
        <translation>Campo de población</translation>
    </message>
    <message>
        <source>Per (residents)</source>
        <translation>Por (residentes)</translation>
    </message>
    <message>
        <source>Minimum population</source>
        <translation>Población mínima</translation>
    </message>
    <message>
        <source>Rate field name</source>
        <translation>Nombre del campo de tasa</translation>
    </message>
    <message>
        <source>Required fields (areas missing one are flagged)</source>
        <translation>Campos requeridos (se marcan las áreas a las que les falta alguno)</translation>
    </message>
    <message>
        <source>Areas with rates</source>
        <translation>Áreas con tasas</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Análisis</translation>
    </message>
    <message>
        <source>Maps</source>
        <translation>Mapas</translation>
    </message>
    <message>
        <source>Service equity</source>
        <translation>Equidad del servicio</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Estadística</translation>
    </message>
</context>
<context>
    <name>RegressResiduals</name>
    <message>
        <source>Regress and map residuals</source>
        <translation>Regresión y mapa de residuos</translation>
    </message>
    <message>
        <source>Ordinary least squares of an &lt;b&gt;Outcome&lt;/b&gt; field on one or more &lt;b&gt;Predictors&lt;/b&gt;, with classical and heteroskedasticity-robust (HC3) standard errors (statsmodels). Adds 'predicted' and 'residual' (observed − predicted) to every area; areas with a missing value, or with included = false when &lt;b&gt;Only included areas&lt;/b&gt; is checked, get NULL.

&lt;b&gt;Units&lt;/b&gt;: one divisor per predictor, comma-separated, to set the unit of each coefficient (1000 for income per $1,000, 10 for an effect per 10 requests); default 1.

The regression table has one row per term: estimate, std_error, robust_std_error, p_value (robust), ci_low, ci_high (95 %, robust), n, r2. A negative residual is an area with less of the outcome than its predictors predict: style it with 'Style a choropleth' (diverging residuals).</source>
        <translation>Mínimos cuadrados ordinarios de un campo de &lt;b&gt;Resultado&lt;/b&gt; sobre una o más &lt;b&gt;Variables explicativas&lt;/b&gt;, con errores estándar clásicos y robustos a la heterocedasticidad (HC3) (statsmodels). Añade 'predicted' y 'residual' (observado − predicho) a cada área; las áreas con un valor faltante, o con included = false si se marca &lt;b&gt;Solo áreas incluidas&lt;/b&gt;, reciben NULL.

&lt;b&gt;Unidades&lt;/b&gt;: un divisor por variable explicativa, separados por comas, para fijar la unidad de cada coeficiente (1000 para el ingreso por cada 1.000 $, 10 para un efecto por cada 10 solicitudes); por defecto 1.

La tabla de regresión tiene una fila por término: estimate, std_error, robust_std_error, p_value (robusto), ci_low, ci_high (95 %, robustos), n, r2. Un residuo negativo es un área con menos resultado del que predicen sus variables: aplíquele un estilo con 'Aplicar un estilo de coropletas' (residuos divergentes).</translation>
    </message>
    <message>
        <source>Areas</source>
        <translation>Áreas</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Only included areas (field 'included')</source>
        <translation>Solo áreas incluidas (campo 'included')</translation>
    </message>
    <message>
        <source>Model name</source>
        <translation>Nombre del modelo</translation>
    </message>
    <message>
        <source>Areas with predicted values and residuals</source>
        <translation>Áreas con valores predichos y residuos</translation>
    </message>
    <message>
        <source>Regression table</source>
        <translation>Tabla de regresión</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Análisis</translation>
    </message>
    <message>
        <source>Maps</source>
        <translation>Mapas</translation>
    </message>
    <message>
        <source>Service equity</source>
        <translation>Equidad del servicio</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Estadística</translation>
    </message>
</context>
<context>
    <name>RunAnalysis</name>
    <message>
        <source>Run the whole 311 analysis</source>
        <translation>Ejecutar todo el análisis del 311</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Análisis</translation>
    </message>
    <message>
        <source>The main job, with defaults from the Boston data package (data/build/boston.gpkg, or $BOSTON_CIVIC_DATA): every input left empty is read from it.

1. Counts resident-initiated 311 requests per tract and per precinct; every input row goes to one ledger category.
2. Requests per 100 residents; tracts under the &lt;b&gt;Minimum population&lt;/b&gt; stay on the map but out of rates and models.
3. OLS of requests per 100 residents on median household income (per $1,000, the chosen &lt;b&gt;Income vintage&lt;/b&gt;) and white share (percentage points, the chosen &lt;b&gt;White share&lt;/b&gt; variable), with robust HC3 errors; at precinct level, ballots cast in the 2021 mayoral election and registered voters on requests (per 10 requests). Predicted values and residuals are written to each area.

&lt;b&gt;Channel table&lt;/b&gt; decides which channels are resident-initiated; &lt;b&gt;from&lt;/b&gt; and &lt;b&gt;until&lt;/b&gt; limit the requests counted to a period (others go to the ledger as outside_period).

Writes to the &lt;b&gt;Output folder&lt;/b&gt;: boston_civic.gpkg (layers tracts and precincts with default styles, tables ledger, regressions, parameters), boston_civic.qgz, regressions.csv, report.html, and maps/*.png|pdf when &lt;b&gt;Export maps&lt;/b&gt; is checked, with titles, legends and notes in the chosen &lt;b&gt;Language&lt;/b&gt;. &lt;b&gt;Atlas&lt;/b&gt; adds maps/requests_per_100_by_neighborhood.pdf and maps/tract_residuals_by_neighborhood.pdf, a page per neighborhood of the data package (same classes on every page).</source>
        <translation>La tarea principal, con valores por defecto del paquete de datos de Boston (data/build/boston.gpkg, o $BOSTON_CIVIC_DATA): cada entrada que se deje vacía se lee de él.

1. Cuenta las solicitudes al 311 hechas por residentes en cada sección censal y cada precinto; cada fila de entrada va a una categoría de la tabla contable.
2. Solicitudes por cada 100 residentes; las secciones con menos de la &lt;b&gt;Población mínima&lt;/b&gt; quedan en el mapa pero fuera de las tasas y los modelos.
3. MCO de las solicitudes por cada 100 residentes sobre la mediana del ingreso de los hogares (por cada 1.000 $, de la &lt;b&gt;Edición del ingreso&lt;/b&gt; elegida) y la proporción de población blanca (en puntos porcentuales, la variable de &lt;b&gt;Proporción blanca&lt;/b&gt; elegida), con errores robustos HC3; a nivel de precinto, las papeletas emitidas en la elección a la alcaldía de 2021 y los votantes inscritos sobre las solicitudes (por cada 10 solicitudes). Los valores predichos y los residuos se escriben en cada área.

La &lt;b&gt;Tabla de canales&lt;/b&gt; decide qué canales son de residentes; &lt;b&gt;desde&lt;/b&gt; y &lt;b&gt;hasta&lt;/b&gt; limitan las solicitudes contadas a un periodo (las demás van a la tabla contable como outside_period).

Escribe en la &lt;b&gt;Carpeta de salida&lt;/b&gt;: boston_civic.gpkg (capas tracts y precincts con estilos por defecto; tablas ledger, regressions, parameters), boston_civic.qgz, regressions.csv, report.html y maps/*.png|pdf si se marca &lt;b&gt;Exportar mapas&lt;/b&gt;, con títulos, leyendas y notas en el &lt;b&gt;Idioma&lt;/b&gt; elegido. &lt;b&gt;Atlas&lt;/b&gt; añade maps/requests_per_100_by_neighborhood.pdf y maps/tract_residuals_by_neighborhood.pdf, una página por barrio del paquete de datos (las mismas clases en todas las páginas).</translation>
    </message>
    <message>
        <source>311 requests (empty: data package)</source>
        <translation>Solicitudes al 311 (vacío: paquete de datos)</translation>
    </message>
    <message>
        <source>Census tracts (empty: data package)</source>
        <translation>Secciones censales (vacío: paquete de datos)</translation>
    </message>
    <message>
        <source>Precincts (empty: data package)</source>
        <translation>Precintos (vacío: paquete de datos)</translation>
    </message>
    <message>
        <source>Income vintage</source>
        <translation>Edición del ingreso</translation>
    </message>
    <message>
        <source>White share</source>
        <translation>Proporción blanca</translation>
    </message>
    <message>
        <source>Minimum population</source>
        <translation>Población mínima</translation>
    </message>
    <message>
        <source>Channel table (CSV: channel, resident_initiated; empty: Boston's)</source>
        <translation>Tabla de canales (CSV: channel, resident_initiated; vacío: la de Boston)</translation>
    </message>
    <message>
        <source>Count requests opened from (YYYY-MM-DD, local)</source>
        <translation>Contar las solicitudes abiertas desde (AAAA-MM-DD, hora local)</translation>
    </message>
    <message>
        <source>Count requests opened until (YYYY-MM-DD, local)</source>
        <translation>Contar las solicitudes abiertas hasta (AAAA-MM-DD, hora local)</translation>
    </message>
    <message>
        <source>Export maps (PNG and PDF)</source>
        <translation>Exportar mapas (PNG y PDF)</translation>
    </message>
    <message>
        <source>Language of the maps</source>
        <translation>Idioma de los mapas</translation>
    </message>
    <message>
        <source>PNG resolution of the maps (dpi)</source>
        <translation>Resolución PNG de los mapas (ppp)</translation>
    </message>
    <message>
        <source>Atlas: a PDF page per neighborhood (requests per 100 residents, residuals)</source>
        <translation>Atlas: una página PDF por barrio (solicitudes por cada 100 residentes, residuos)</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>Carpeta de salida</translation>
    </message>
    <message>
        <source>GeoPackage</source>
        <translation>GeoPackage</translation>
    </message>
    <message>
        <source>QGIS project</source>
        <translation>Proyecto de QGIS</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Informe</translation>
    </message>
    <message>
        <source>Tracts</source>
        <translation>Secciones censales</translation>
    </message>
    <message>
        <source>Precincts</source>
        <translation>Precintos</translation>
    </message>
    <message>
        <source>Maps</source>
        <translation>Mapas</translation>
    </message>
    <message>
        <source>Service equity</source>
        <translation>Equidad del servicio</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Estadística</translation>
    </message>
</context>
<context>
    <name>ServiceMeasures</name>
    <message>
        <source>Service measures by area</source>
        <translation>Medidas del servicio por área</translation>
    </message>
    <message>
        <source>Service equity</source>
        <translation>Equidad del servicio</translation>
    </message>
    <message>
        <source>How the city answered the resident-initiated requests of each area (the requests 'Count requests by area' counts). Adds median_days_to_close and p90_days_to_close (days from opening to closing, of closed requests), days_vs_type_median (each closing time minus the city-wide median for its request type, median per area: controls for the mix of request types), open_share (not closed by the last opening in the data, or open by its status), on_time_share (closed by the target date; an open request past its target counts as late), closed_photo_share, non_resolution_share (closures noted, invalid, duplicate or with no action, from the closure reason), app_share and one channel_*_share per channel, and type_diversity (Shannon index of request types). Areas with fewer than 5 requests get NULL. The requests need the normalised fields (the data package's requests_311, or a known 311 export layout).</source>
        <translation>Cómo respondió la ciudad a las solicitudes de los residentes de cada área (las que cuenta 'Contar solicitudes por área'). Añade median_days_to_close y p90_days_to_close (días desde la apertura hasta el cierre, de las solicitudes cerradas), days_vs_type_median (cada tiempo de cierre menos la mediana de la ciudad para su tipo de solicitud, mediana por área: controla por la mezcla de tipos), open_share (no cerradas antes de la última apertura de los datos, o abiertas según su estado), on_time_share (cerradas antes de la fecha objetivo; una solicitud abierta pasada su fecha objetivo cuenta como tardía), closed_photo_share, non_resolution_share (cierres anotados, inválidos, duplicados o sin acción, según el motivo de cierre), app_share y un channel_*_share por canal, y type_diversity (índice de Shannon de los tipos de solicitud). Las áreas con menos de 5 solicitudes reciben NULL. Las solicitudes necesitan los campos normalizados (requests_311 del paquete de datos, o un formato conocido de exportación del 311).</translation>
    </message>
    <message>
        <source>311 requests</source>
        <translation>Solicitudes al 311</translation>
    </message>
    <message>
        <source>Areas</source>
        <translation>Áreas</translation>
    </message>
    <message>
        <source>Area id field</source>
        <translation>Campo identificador del área</translation>
    </message>
    <message>
        <source>Areas with service measures</source>
        <translation>Áreas con medidas del servicio</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Análisis</translation>
    </message>
    <message>
        <source>Maps</source>
        <translation>Mapas</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Estadística</translation>
    </message>
</context>
<context>
    <name>SmoothRates</name>
    <message>
        <source>Empirical Bayes smoothed rates</source>
        <translation>Tasas suavizadas por Bayes empírico</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Estadística</translation>
    </message>
    <message>
        <source>Adds the raw rate (rate_raw), the global empirical Bayes rate (rate_eb) and the spatial empirical Bayes rate (rate_seb) per &lt;b&gt;Per&lt;/b&gt; residents. Small populations give unstable raw rates; EB shrinks each toward the city-wide rate (global) or the rate of the area and its queen neighbours (spatial), the more the smaller its population. Definitions as GeoDa's (Marshall 1991; Anselin, Lozano and Koschinsky 2006): a negative prior variance is set to zero. Areas with no population get NULL.</source>
        <translation>Añade la tasa bruta (rate_raw), la tasa por Bayes empírico global (rate_eb) y la tasa por Bayes empírico espacial (rate_seb) por cada &lt;b&gt;Por&lt;/b&gt; residentes. Las poblaciones pequeñas dan tasas brutas inestables; el Bayes empírico acerca cada una a la tasa de la ciudad (global) o a la del área y sus vecinas tipo reina (espacial), más cuanto menor es su población. Definiciones como las de GeoDa (Marshall 1991; Anselin, Lozano y Koschinsky 2006): una varianza a priori negativa se fija en cero. Las áreas sin población reciben NULL.</translation>
    </message>
    <message>
        <source>Areas</source>
        <translation>Áreas</translation>
    </message>
    <message>
        <source>Count field</source>
        <translation>Campo de conteo</translation>
    </message>
    <message>
        <source>Population field</source>
        <translation>Campo de población</translation>
    </message>
    <message>
        <source>Per (residents)</source>
        <translation>Por (residentes)</translation>
    </message>
    <message>
        <source>Areas with smoothed rates</source>
        <translation>Áreas con tasas suavizadas</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Análisis</translation>
    </message>
    <message>
        <source>Maps</source>
        <translation>Mapas</translation>
    </message>
    <message>
        <source>Service equity</source>
        <translation>Equidad del servicio</translation>
    </message>
</context>
<context>
    <name>SpatialAutocorrelation</name>
    <message>
        <source>Moran's I and LISA clusters</source>
        <translation>I de Moran y agrupamientos LISA</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Estadística</translation>
    </message>
    <message>
        <source>Global Moran's I of a numeric &lt;b&gt;Field&lt;/b&gt; (typically model residuals) with a permutation p-value, and local Moran (LISA) clusters per area: high-high, low-low, high-low, low-high, or not significant (pseudo p ≥ &lt;b&gt;Significance&lt;/b&gt;). Contiguity weights (queen or rook), row-standardised (libpysal); statistics from esda.

Areas with a NULL value, and areas left with no neighbour (islands), are left out: their cluster is NULL and the log says how many. The &lt;b&gt;Seed&lt;/b&gt; makes the permutations repeatable; it is recorded in the output. Reference: Anselin, L. (1995), Local indicators of spatial association, Geographical Analysis 27(2).</source>
        <translation>I de Moran global de un &lt;b&gt;Campo&lt;/b&gt; numérico (normalmente los residuos de un modelo) con un valor p por permutaciones, y agrupamientos de Moran local (LISA) por área: alto-alto, bajo-bajo, alto-bajo, bajo-alto o no significativo (pseudo p ≥ &lt;b&gt;Significación&lt;/b&gt;). Pesos de contigüidad (reina o torre), estandarizados por filas (libpysal); estadísticos de esda.

Las áreas con valor NULL y las que quedan sin vecinas (islas) se dejan fuera: su agrupamiento es NULL y el registro dice cuántas son. La &lt;b&gt;Semilla&lt;/b&gt; hace repetibles las permutaciones; se guarda en el resultado. Referencia: Anselin, L. (1995), Local indicators of spatial association, Geographical Analysis 27(2).</translation>
    </message>
    <message>
        <source>Areas</source>
        <translation>Áreas</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Campo</translation>
    </message>
    <message>
        <source>Contiguity</source>
        <translation>Contigüidad</translation>
    </message>
    <message>
        <source>Permutations</source>
        <translation>Permutaciones</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Semilla</translation>
    </message>
    <message>
        <source>Significance</source>
        <translation>Significación</translation>
    </message>
    <message>
        <source>Areas with LISA clusters</source>
        <translation>Áreas con agrupamientos LISA</translation>
    </message>
    <message>
        <source>Moran's I</source>
        <translation>I de Moran</translation>
    </message>
    <message>
        <source>Permutation p-value</source>
        <translation>Valor p por permutaciones</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Análisis</translation>
    </message>
    <message>
        <source>Maps</source>
        <translation>Mapas</translation>
    </message>
    <message>
        <source>Service equity</source>
        <translation>Equidad del servicio</translation>
    </message>
</context>
<context>
    <name>StyleChoropleth</name>
    <message>
        <source>Style a choropleth</source>
        <translation>Aplicar un estilo de coropletas</translation>
    </message>
    <message>
        <source>Maps</source>
        <translation>Mapas</translation>
    </message>
    <message>
        <source>Applies a graduated style to a polygon layer.

&lt;b&gt;Style&lt;/b&gt;: sequential quantiles or natural breaks (Fisher-Jenks) for rates and counts, in a yellow-green-blue ramp; diverging residuals, centred on zero with classes one and two standard deviations wide, red below and blue above what the model predicts. Breaks are computed with mapclassify. &lt;b&gt;Unit&lt;/b&gt; is appended to the legend labels (e.g. 'per 100 residents').
Areas with a NULL value are not drawn by this style: the maps of 'Run the whole 311 analysis' draw them with an explicit hatched 'no data' symbol.

&lt;b&gt;Save as default style&lt;/b&gt; stores the style in the layer's GeoPackage (or beside its file), so that QGIS opens the layer styled; &lt;b&gt;QML file&lt;/b&gt; writes it to a .qml file.</source>
        <translation>Aplica un estilo graduado a una capa de polígonos.

&lt;b&gt;Estilo&lt;/b&gt;: cuantiles secuenciales o cortes naturales (Fisher-Jenks) para tasas y conteos, en una rampa amarillo-verde-azul; residuos divergentes, centrados en cero con clases de una y dos desviaciones estándar, en rojo por debajo y en azul por encima de lo que predice el modelo. Los cortes se calculan con mapclassify. La &lt;b&gt;Unidad&lt;/b&gt; se añade a las etiquetas de la leyenda (por ejemplo, 'por cada 100 residentes').
Este estilo no dibuja las áreas con valor NULL: los mapas de 'Ejecutar todo el análisis del 311' las dibujan con un símbolo rayado explícito de 'sin datos'.

&lt;b&gt;Guardar como estilo por defecto&lt;/b&gt; guarda el estilo en el GeoPackage de la capa (o junto a su archivo), para que QGIS abra la capa con estilo; &lt;b&gt;Archivo QML&lt;/b&gt; lo escribe en un archivo .qml.</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Capa</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Campo</translation>
    </message>
    <message>
        <source>Style</source>
        <translation>Estilo</translation>
    </message>
    <message>
        <source>Classes (sequential)</source>
        <translation>Clases (secuencial)</translation>
    </message>
    <message>
        <source>Unit in legend labels</source>
        <translation>Unidad en las etiquetas de la leyenda</translation>
    </message>
    <message>
        <source>Decimals in legend labels</source>
        <translation>Decimales en las etiquetas de la leyenda</translation>
    </message>
    <message>
        <source>Save as default style</source>
        <translation>Guardar como estilo por defecto</translation>
    </message>
    <message>
        <source>QML file</source>
        <translation>Archivo QML</translation>
    </message>
    <message>
        <source>Styled layer</source>
        <translation>Capa con estilo</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Análisis</translation>
    </message>
    <message>
        <source>Service equity</source>
        <translation>Equidad del servicio</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Estadística</translation>
    </message>
</context>
<context>
    <name>BostonCivicPlugin</name>
    <message>
        <source>Run the whole 311 analysis…</source>
        <translation>Ejecutar todo el análisis del 311…</translation>
    </message>
    <message>
        <source>Boston Civic</source>
        <translation>Boston Cívico</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Análisis</translation>
    </message>
    <message>
        <source>Maps</source>
        <translation>Mapas</translation>
    </message>
    <message>
        <source>Service equity</source>
        <translation>Equidad del servicio</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Estadística</translation>
    </message>
</context>
</TS>
