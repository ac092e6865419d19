project = "Test Network"
author = "Test Network"
extensions = ["csnet"]
plan_as_of = "2025-11-10"
html_baseurl = "https://example.org/"
language = "en-GB"
exclude_patterns = ["_build"]
