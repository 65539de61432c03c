"""Build the plugin zip: dist/boston_civic_qgis-VERSION.zip, as the QGIS plugin repository wants it.

One top folder named like the package, links resolved (styles/, metadata.txt), the licence
inside, no caches, no tests. Run: python scripts/package.py
"""
import configparser
import os
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PKG = "boston_civic_qgis"
SKIP_DIRS = {"__pycache__", ".pytest_cache", "tests"}
SKIP_SUFFIXES = (".pyc", ".pyo", ".orig", ".rej", "~")
REQUIRED = ("name", "qgisMinimumVersion", "description", "about", "version", "author", "email",
            "repository", "tracker", "tags", "category", "icon", "hasProcessingProvider",
            "changelog")


def metadata():
    cfg = configparser.ConfigParser()
    cfg.read(os.path.join(ROOT, "metadata.txt"), encoding="utf-8")
    general = cfg["general"]
    missing = [k for k in REQUIRED if not general.get(k, "").strip()]
    if missing:
        sys.exit(f"metadata.txt: missing or empty: {missing}")
    if not os.path.exists(os.path.join(ROOT, PKG, general["icon"])):
        sys.exit(f"metadata.txt: icon {general['icon']} is not in {PKG}/")
    return general


def build(out_dir=os.path.join(ROOT, "dist")):
    meta = metadata()
    os.makedirs(out_dir, exist_ok=True)
    target = os.path.join(out_dir, f"{PKG}-{meta['version']}.zip")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        base = os.path.join(ROOT, PKG)
        for dirpath, dirnames, filenames in os.walk(base, followlinks=True):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
            for name in sorted(filenames):
                if name.endswith(SKIP_SUFFIXES):
                    continue
                path = os.path.join(dirpath, name)
                zf.write(path, os.path.join(PKG, os.path.relpath(path, base)))
        zf.write(os.path.join(ROOT, "LICENSE"), os.path.join(PKG, "LICENSE"))
    print(target)
    return target


if __name__ == "__main__":
    build()
