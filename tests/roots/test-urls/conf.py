extensions = ["csnet"]
myst_enable_extensions = ["attrs_block", "colon_fence"]
plan_as_of = "2022-03-01"
html_baseurl = "https://example.org/"
language = "en-GB"
