"""QGIS layers and feature sources <-> GeoDataFrames."""
from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProviderRegistry,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QTime, QVariant


class Cancelled(QgsProcessingException):
    """The user pressed Cancel."""


def _python_value(v):
    if v is None or isinstance(v, QVariant):  # QGIS 3 with PyQt5 returns NULL as QVariant()
        return None
    if isinstance(v, QDateTime):
        return v.toPyDateTime() if v.isValid() else None
    if isinstance(v, QDate):
        return v.toPyDate() if v.isValid() else None
    if isinstance(v, QTime):
        return v.toPyTime() if v.isValid() else None
    return v


def crs_of(qgs_crs):
    if not qgs_crs.isValid():
        return None
    return qgs_crs.authid() if qgs_crs.authid().upper().startswith("EPSG:") else qgs_crs.toWkt()


def source_to_gdf(source, feedback=None, what="features") -> gpd.GeoDataFrame:
    """Every feature of a QGIS feature source (selection and filters honoured), with progress
    and cancel."""
    names = source.fields().names()
    total = max(source.featureCount(), 1)
    rows, wkbs = [], []
    for i, f in enumerate(source.getFeatures()):
        if feedback is not None and i % 2000 == 0:
            if feedback.isCanceled():
                raise Cancelled(f"cancelled while reading {what} ({i:,} of {total:,})")
            if i % 20000 == 0 and total > 20000:  # the bar is the algorithm's; this is text
                feedback.setProgressText(f"reading {what} through QGIS: {i:,} of {total:,}")
        rows.append([_python_value(v) for v in f.attributes()])
        g = f.geometry()
        wkbs.append(None if g.isNull() or g.isEmpty() else bytes(g.asWkb()))
    frame = pd.DataFrame(rows, columns=names)
    geometry = shapely.from_wkb(np.array(wkbs, dtype=object))
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometry, crs=crs_of(source.sourceCrs())),
                            crs=crs_of(source.sourceCrs()))


def whole_file(alg, parameters, name, context):
    """(path, layer name or None) of a Processing parameter that is a whole file-backed
    layer (no selection, no filter), which can be read straight from the file; else None."""
    value = parameters.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, QgsProcessingFeatureSourceDefinition) and value.selectedFeaturesOnly:
        return None
    layer = alg.parameterAsVectorLayer(parameters, name, context)
    if layer is None or layer.providerType() != "ogr" or layer.subsetString():
        return None
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    return parts["path"], parts.get("layerName") or None


def parameter_to_gdf(alg, parameters, name, context, feedback=None, what="features"):
    """The layer of a Processing parameter as a GeoDataFrame.

    A whole file-backed layer (no selection, no filter) is read straight from the file with
    pyogrio; anything else is iterated through QGIS. Returns (gdf, source string) or
    (None, None) when an optional parameter is empty.
    """
    value = parameters.get(name)
    if value is None or value == "":
        return None, None
    layer = alg.parameterAsVectorLayer(parameters, name, context)
    whole = whole_file(alg, parameters, name, context)
    if whole is not None:
        try:
            from ..core.reader import read_vector

            # case ids as text: integer ids with NULLs would come back as floats
            gdf = read_vector(*whole, text=("case_id",) if what == "requests" else ())
            if isinstance(gdf, gpd.GeoDataFrame):  # a table without geometry: QGIS knows how
                if gdf.crs is None and layer.crs().isValid():
                    gdf = gdf.set_crs(crs_of(layer.crs()))
                return gdf, layer.source()
        except Exception as exc:  # fall back on QGIS's reader, which read it already
            if feedback is not None:
                feedback.pushInfo(f"{layer.source()}: direct read failed ({exc}); "
                                  "reading through QGIS")
    source = alg.parameterAsSource(parameters, name, context)
    if source is None:
        raise QgsProcessingException(f"{name}: the layer cannot be read")
    return source_to_gdf(source, feedback, what), (layer.source() if layer else str(value))


def qgs_fields(frame: pd.DataFrame) -> QgsFields:
    fields = QgsFields()
    for col, dtype in frame.dtypes.items():
        if col == getattr(frame, "_geometry_column_name", None):
            continue
        if pd.api.types.is_bool_dtype(dtype):
            t = QVariant.Bool
        elif pd.api.types.is_integer_dtype(dtype):
            t = QVariant.LongLong
        elif pd.api.types.is_float_dtype(dtype):
            t = QVariant.Double
        elif pd.api.types.is_datetime64_any_dtype(dtype):
            t = QVariant.DateTime
        else:
            t = QVariant.String
        fields.append(QgsField(str(col), t))
    return fields


def _qvalue(v):
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return float(v)
    if isinstance(v, (np.bool_,)):
        return bool(v)
    if isinstance(v, (pd.Timestamp, dt.datetime)):
        return QDateTime(pd.Timestamp(v).to_pydatetime())
    return v


def frame_to_sink(alg, parameters, name, context, frame: pd.DataFrame, feedback=None,
                  crs=None):
    """Write a (Geo)DataFrame to a Processing feature sink. Returns the destination id."""
    is_geo = isinstance(frame, gpd.GeoDataFrame)
    attrs = frame.drop(columns=frame.geometry.name) if is_geo else frame
    fields = qgs_fields(attrs)
    if is_geo:
        types = set(frame.geometry.dropna().geom_type)
        wkb_type = QgsWkbTypes.MultiPolygon if types <= {"Polygon", "MultiPolygon"} else \
            QgsWkbTypes.Point if types <= {"Point"} else QgsWkbTypes.Unknown
    else:
        wkb_type = QgsWkbTypes.NoGeometry
    sink, dest = alg.parameterAsSink(parameters, name, context, fields, wkb_type,
                                     crs if crs is not None else QgsCoordinateReferenceSystem())
    if sink is None:
        raise QgsProcessingException(alg.invalidSinkError(parameters, name))
    geoms = frame.geometry.to_wkb() if is_geo else None
    for i, row in enumerate(attrs.itertuples(index=False, name=None)):
        if feedback is not None and feedback.isCanceled():
            raise Cancelled("cancelled")
        feat = QgsFeature(fields)
        feat.setAttributes([_qvalue(v) for v in row])
        if is_geo and geoms.iloc[i] is not None:
            g = QgsGeometry()
            g.fromWkb(geoms.iloc[i])
            if wkb_type == QgsWkbTypes.MultiPolygon:
                g.convertToMultiType()
            feat.setGeometry(g)
        sink.addFeature(feat, QgsFeatureSink.FastInsert)
    return dest
