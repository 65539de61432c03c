"""Translations: extract the plugin's strings, write the .ts files, compile them to .qm.

Strings are the Processing algorithms' names, groups, help texts and parameter labels
(context: the algorithm's class), and the plugin's menu text (context: BostonCivicPlugin).
Translations live in i18n/LANG.json ({source text: translation}); the .ts is generated from
it and compiled with Qt's lrelease. Run:  python scripts/i18n.py [--check]
"""
import ast
import json
import os
import subprocess
import sys
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PKG = os.path.join(ROOT, "boston_civic_qgis")
I18N = os.path.join(PKG, "i18n")
LANGUAGES = ("es",)


def strings():
    """[(context, source)] in file order."""
    found = []
    for folder in ("processing", ""):
        base = os.path.join(PKG, folder)
        for name in sorted(os.listdir(base)):
            if not name.endswith(".py"):
                continue
            tree = ast.parse(open(os.path.join(base, name), encoding="utf-8").read())
            for cls in [n for n in tree.body if isinstance(n, ast.ClassDef)]:
                for node in ast.walk(cls):
                    if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                            getattr(node.targets[0], "id", None) in ("DISPLAY", "GROUP", "HELP"):
                        found.append((cls.name, ast.literal_eval(node.value)))
                    if isinstance(node, ast.Call) and getattr(node.func, "attr", None) in (
                            "tr",) and node.args and isinstance(node.args[0], ast.Constant):
                        found.append((cls.name, node.args[0].value))
    # inherited class attributes (GROUP = "Analysis" in the base) are looked up per subclass
    groups = ["Analysis", "Maps", "Service equity", "Statistics"]
    classes = sorted({c for c, _ in found})
    found += [(c, g) for c in classes for g in groups]
    seen, out = set(), []
    for item in found:
        if item[1] and item not in seen:
            seen.add(item)
            out.append(item)
    return out


def write_ts(lang, table):
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>",
             f'<TS version="2.1" language="{lang}">']
    by_context = {}
    for context, source in strings():
        by_context.setdefault(context, []).append(source)
    missing = []
    for context, sources in by_context.items():
        lines.append(f"<context>\n    <name>{escape(context)}</name>")
        for source in sources:
            text = table.get(source)
            if text is None:
                missing.append(source)
            attr = "" if text else ' type="unfinished"'
            lines.append(f"    <message>\n        <source>{escape(source)}</source>\n"
                         f"        <translation{attr}>{escape(text or '')}</translation>\n"
                         "    </message>")
        lines.append("</context>")
    lines.append("</TS>")
    path = os.path.join(I18N, f"boston_civic_qgis_{lang}.ts")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path, sorted(set(missing))


def main():
    check = "--check" in sys.argv
    status = 0
    for lang in LANGUAGES:
        with open(os.path.join(I18N, f"{lang}.json"), encoding="utf-8") as f:
            table = json.load(f)
        ts, missing = write_ts(lang, table)
        if missing:
            print(f"{lang}: {len(missing)} strings without a translation:", *missing[:20],
                  sep="\n  ")
            status = 1
        if not check:
            subprocess.run(["lrelease", "-silent", ts, "-qm", ts[:-3] + ".qm"], check=True)
            print(f"{lang}: {ts[:-3]}.qm")
    sys.exit(status)


if __name__ == "__main__":
    main()
