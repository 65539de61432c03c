"""A density surface of requests per resident: kernel-smoothed requests over kernel-smoothed
population, as a GeoTIFF (rasterio). An alternative view to the tract choropleth that does not
depend on where tract lines fall."""
from __future__ import annotations

import numpy as np

from ..definitions import fields as F
from .outputs import atomic_path

NODATA = -9999.0


def density_surface(points, tracts, path: str, cell: float = 250.0,
                    bandwidth: float = 1500.0, per: float = 100.0,
                    min_residents: float = 50.0) -> str:
    """Write requests per `per` residents on a grid of `cell` map units (feet in EPSG:2249).

    `points` are the counted requests; they are binned to cells; each tract's residents
    are spread evenly over its cells; both grids are smoothed with a Gaussian kernel of
    standard deviation `bandwidth`; cells where the smoothed population within one bandwidth
    is under `min_residents` get no value (nodata), not a rate from almost nobody.
    """
    import rasterio
    from rasterio import features

    from .counting import origin_transform
    from scipy.ndimage import gaussian_filter

    if tracts.crs is None or tracts.crs.is_geographic:
        raise ValueError("the density surface needs tracts in a projected CRS")
    x0, y0, x1, y1 = tracts.total_bounds
    width, height = int(np.ceil((x1 - x0) / cell)), int(np.ceil((y1 - y0) / cell))
    affine = origin_transform(x0, y1, cell)

    pts = points.to_crs(tracts.crs) if points.crs != tracts.crs else points
    col = np.floor((pts.x.to_numpy() - x0) / cell).astype(int)
    row = np.floor((y1 - pts.y.to_numpy()) / cell).astype(int)
    ok = (col >= 0) & (col < width) & (row >= 0) & (row < height)
    counts = np.zeros((height, width))
    np.add.at(counts, (row[ok], col[ok]), 1)

    label = features.rasterize(((g, i + 1) for i, g in enumerate(tracts.geometry)),
                               out_shape=(height, width), transform=affine, fill=0,
                               dtype="int32")
    cells_per_tract = np.bincount(label.ravel(), minlength=len(tracts) + 1)
    pop = np.r_[0.0, tracts[F.POPULATION].fillna(0).to_numpy(dtype=float)]
    per_cell = np.divide(pop, cells_per_tract, out=np.zeros_like(pop),
                         where=cells_per_tract > 0)
    population = per_cell[label]

    sigma = bandwidth / cell
    smooth_req = gaussian_filter(counts, sigma, mode="constant")
    smooth_pop = gaussian_filter(population, sigma, mode="constant")
    # residents within about one bandwidth of the cell: the kernel's mass there
    nearby = smooth_pop * 2 * np.pi * sigma ** 2
    rate = np.full(counts.shape, NODATA, dtype="float32")
    good = (nearby >= min_residents) & (label > 0)
    rate[good] = (per * smooth_req[good] / smooth_pop[good]).astype("float32")

    profile = {"driver": "GTiff", "width": width, "height": height, "count": 1,
               "dtype": "float32", "crs": tracts.crs.to_wkt(), "transform": affine,
               "nodata": NODATA, "compress": "deflate", "tiled": True,
               "blockxsize": 256, "blockysize": 256}
    with atomic_path(path) as tmp:
        with rasterio.open(tmp, "w", **profile) as dst:
            dst.write(rate, 1)
            dst.update_tags(1, description=f"resident-initiated requests per {per:g} residents, "
                            f"Gaussian kernel sd {bandwidth:g} map units",
                            cell=str(cell), bandwidth=str(bandwidth))
    return path
