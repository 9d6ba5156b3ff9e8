"""lrdoc's own tools for its pages: the page check (:mod:`tools.pagecheck`), the
output updater (:mod:`tools.update_outputs`), Sybil's configuration
(:mod:`tools.sybil_config`) and the fold count (:mod:`tools.foldcount`)."""
