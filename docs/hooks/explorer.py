"""MkDocs hook: write the rate explorers' data files into the site.

The numbers come from :mod:`lrdoc.experiments.explorer`; the page's script only looks
them up. Nothing is written into ``docs/``.
"""

from __future__ import annotations

import json

from mkdocs.structure.files import File, Files

FILES = {
    "explorer/line.json": "line_explorer_json",
    "explorer/parabola.json": "parabola_explorer_json",
}


def on_files(files: Files, config) -> Files:
    from lrdoc.experiments import explorer

    for uri, function in FILES.items():
        payload = getattr(explorer, function)()
        text = json.dumps(payload, separators=(",", ":"), allow_nan=False)
        files.append(File.generated(config, uri, content=text))
    return files
