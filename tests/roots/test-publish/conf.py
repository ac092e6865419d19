extensions = ["csnet"]
project = "Test network"
html_theme = "pydata_sphinx_theme"
html_baseurl = "https://lgbt.example.org"  # no trailing slash: csnet.publish adds it
plan_as_of = "2022-03-01"
