project = "Test Network"
author = "Test Network"
language = "en-GB"
extensions = ["csnet"]
myst_enable_extensions = ["attrs_block", "colon_fence"]
exclude_patterns = ["_build"]
html_baseurl = "https://example.org/"
pdf_documents = [
    ("guide/index", "guide.pdf", None, None, {"before": ["foreword"]}),
]
myst_heading_anchors = 2
