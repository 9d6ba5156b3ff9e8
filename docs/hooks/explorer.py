"""MkDocs hook: write the rate explorers' data files into the site, and place the
momentum explorer.

The numbers come from :mod:`lrdoc.experiments.explorer`, rounded into the data files by
:mod:`lrdoc.figures.explorer`; the page's script only looks them up. Nothing is written into ``docs/``.

The stability page marks where its momentum explorer goes with the line
``<!-- momentum explorer -->``, right after its figure of the two paths on the
loss's contours; this hook puts the explorer there. Without JavaScript a note in
its place points to that figure, which shows the explorer's two starting settings
(a second static figure would push the page over its weight budget). It runs
before the figures hook (``event_priority``).
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
*The momentum explorer needs JavaScript. Without it, the figure of the two paths on
the loss's contours, above, shows the two settings it starts from: gradient descent
at its best rate, and momentum at (η\\*, β\\*).*
</div>
"""


def on_files(files: Files, config) -> Files:
    from lrdoc.figures import explorer

    for uri, function in FILES.items():
        payload = getattr(explorer, function)()
        text = json.dumps(payload, separators=(",", ":"), allow_nan=False)
        files.append(File.generated(config, uri, content=text))
    return files


@event_priority(50)  # before docs/hooks/figures.py draws the figure links
def on_page_markdown(markdown: str, page, config, files) -> str:
    if MOMENTUM_MARK not in markdown:
        return markdown
    return markdown.replace(MOMENTUM_MARK, MOMENTUM_EXPLORER, 1)
