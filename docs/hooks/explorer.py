"""MkDocs hook: write the rate explorers' data files into the site, and place the
momentum explorer.

The numbers come from :mod:`lrdoc.experiments.explorer`; the page's script only looks
them up. Nothing is written into ``docs/``.

The stability page marks where its momentum explorer goes with the line
``<!-- momentum explorer -->``; this hook puts the explorer there: its container,
and inside it the static figure that stands in without JavaScript. It runs before
the figures hook (``event_priority``), which then turns that figure into its light
and dark variants.
"""

from __future__ import annotations

import json

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

FILES = {
    "explorer/line.json": "line_explorer_json",
    "explorer/parabola.json": "parabola_explorer_json",
    "explorer/momentum.json": "momentum_explorer_json",
}

MOMENTUM_MARK = "<!-- momentum explorer -->"
MOMENTUM_EXPLORER = """\
<div class="lrdoc-explorer" data-explorer="momentum" data-src="explorer/momentum.json" markdown>
![Momentum explorer, static view. Top: the first 30 epochs from w = b = 0 over the \
loss's elliptical contours, for plain gradient descent at its best rate (β = 0) and \
for momentum at the optimal pair (η*, β*); the momentum path swings wider across the \
valley but ends at the minimum. Bottom: the loss of both runs against epochs on log \
axes, with the tolerance dashed; momentum reaches it in far fewer epochs.]\
({up}figures/explorer-momentum.svg)
</div>
"""


def on_files(files: Files, config) -> Files:
    from lrdoc.experiments import explorer

    for uri, function in FILES.items():
        payload = getattr(explorer, function)()
        text = json.dumps(payload, separators=(",", ":"), allow_nan=False)
        files.append(File.generated(config, uri, content=text))
    return files


@event_priority(50)  # before docs/hooks/figures.py draws the figure links
def on_page_markdown(markdown: str, page, config, files) -> str:
    if MOMENTUM_MARK not in markdown:
        return markdown
    up = "../" * page.file.src_uri.count("/")
    return markdown.replace(MOMENTUM_MARK, MOMENTUM_EXPLORER.format(up=up), 1)
