"""Published code, reproduced as published, quirks included.

Nothing in the clean engine imports from here. Each module names its source, and each
function that keeps a quirk says which one and why it matters.
"""
