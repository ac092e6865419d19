"""The maintainers' reference (nox -s reference -> build/reference): every directive, setting
and warning type of the csnet extensions, generated from the code (csnet.reference).

Kept out of docs/, so the network's public site never shows it."""

project = "csnet extensions: reference for maintainers"
language = "en-GB"
extensions = ["myst_parser", "csnet.reference"]
exclude_patterns = ["_build"]
html_theme = "alabaster"
smartquotes = False  # settings and values are shown as they are written
# room for the developer guide's tables and its diagram
html_static_path = ["_static"]
html_css_files = ["wide.css"]
# the volunteers' guide shows the plan's YAML as volunteers' files have it, tabs included,
# which Pygments' YAML lexer refuses (it then shows the block unhighlighted)
suppress_warnings = ["misc.highlighting_failure"]
