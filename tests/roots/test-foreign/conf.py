# Another organisation's project: only the plan and PDF extensions, none of the bundle.
project = "Wessex Community Trust"
author = "Wessex Community Trust"
copyright = "2026, Wessex Community Trust"
language = "en"
extensions = ["csnet.plan", "csnet.pdf"]
exclude_patterns = ["_build", "_static"]
html_baseurl = "https://www.wessextrust.example/"
html_theme = "classic"
html_theme_options = {  # the trust's own teal
    "linkcolor": "#0b5563", "relbarbgcolor": "#073b42", "footerbgcolor": "#073b42",
}
plan_as_of = "2026-03-01"
pdf_documents = [
    ("plan", "wessex-plan.pdf", "Our plan 2026", "Wessex Community Trust", {}),
]
html_static_path = ["_static"]
html_css_files = ["wessex.css"]
pdf_stylesheets = ["_static/wessex.css"]
