project = "Test network"
author = "Test network"
language = "en-GB"
extensions = ["csnet"]
exclude_patterns = ["_build"]
html_baseurl = "https://example.org/"
plan_as_of = "2022-03-01"
suppress_warnings = ["toc.not_included"]  # the generated pages are listed by globs or not
pdf_documents = [
    # contents_depth 1: deeper contents would link the posts' unprinted "Latest news"
    ("publication/report", "report.pdf", None, None,
     {"before": ["pages/page-hidden"], "after": ["pages/publication-hidden"], "posts": True,
      "contents_depth": 1}),
    ("pages/publication-hidden", "hidden.pdf", None, None, {}),
]
