"""Recomputes the expected names in src/sync/python-names.json with the real ayon-python-api.

Usage (Debian python3 with python3-unidecode, an extracted ayon-python-api 1.2.x checkout):
    PYTHONPATH=/path/to/ayon-python-api python3 packages/shotgrid/scripts/python-names.py

For every input of the table it records what the Python addon (ayon-shotgrid 0.6.19,
services/shotgrid_common/utils.py) names from it: a folder (min_length=0), a task (default
min_length) and an asset category (lowercased). The inputs are read from the table itself.
"""
import json
import os
import sys

import ayon_api
import unidecode
from ayon_api.utils import slugify_string

TABLE = os.path.join(os.path.dirname(__file__), "..", "src", "sync", "python-names.json")


def main():
    with open(TABLE, encoding="utf-8") as stream:
        table = json.load(stream)
    rows = []
    for row in table["names"]:
        text = row["input"]
        rows.append({
            "input": text,
            "folder": slugify_string(text, min_length=0),
            "task": slugify_string(text),
            "category": slugify_string(text).lower(),
        })
    table["names"] = rows
    table["producedWith"] = {
        "ayon_api": ayon_api.__version__,
        "unidecode": getattr(unidecode, "__version__", None) or _dist_version("unidecode"),
        "python": sys.version.split()[0],
    }
    with open(TABLE, "w", encoding="utf-8") as stream:
        json.dump(table, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    print(f"{len(rows)} names written to {os.path.normpath(TABLE)}")


def _dist_version(name):
    try:
        from importlib.metadata import version
        return version(name)
    except Exception:
        return None


if __name__ == "__main__":
    main()
