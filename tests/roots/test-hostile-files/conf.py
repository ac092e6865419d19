project = "Test Network"
author = "Test Network"
language = "en-GB"
extensions = ["csnet"]
exclude_patterns = ["_build"]
html_baseurl = "https://example.org/"
pdf_documents = [("index", "hostile.pdf", None, None, {})]
