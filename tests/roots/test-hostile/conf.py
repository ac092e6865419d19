project = "Test network"
author = "Test network"
language = "en-GB"
extensions = ["csnet"]
html_theme = "csnet"
html_baseurl = "https://lgbt.example.org/"
plan_as_of = "2022-03-01"
exclude_patterns = ["_build"]
pdf_documents = [
    ("publication/plan", "plan.pdf", None, None, {}),
    ("news/index", "news.pdf", None, None, {"posts": True, "contents_depth": 1}),
]
smartquotes = False  # the hostile text must come out exactly as typed
