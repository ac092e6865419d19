# A Welsh site: every word our extensions and theme write must be Welsh (tests/test_welsh.py).
# Its content is Welsh too, so any English on its pages came from us.
project = "Rhwydwaith Staff Enghreifftiol"
author = "Rhwydwaith Staff Enghreifftiol"
language = "cy"
extensions = ["csnet"]
html_theme = "csnet"
html_baseurl = "https://rhwydwaith.example.cymru/"
html_theme_options = {
    "name": "Rhwydwaith Staff Enghreifftiol",
    "menu": [("Newyddion", "newyddion/index"), ("Digwyddiadau", "digwyddiadau")],
    "social": [("Mastodon", "https://social.example/@rhwydwaith")],
}
plan_as_of = "2025-11-10"
exclude_patterns = ["_build"]
pdf_documents = [("cynllun", "cynllun.pdf", None, None, {})]
