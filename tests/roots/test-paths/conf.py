project = "Test network"
author = "Test network"
language = "en-GB"
extensions = ["csnet"]
html_baseurl = "https://lgbt.example.org/"
plan_as_of = "2022-03-01"
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "html_image"]
