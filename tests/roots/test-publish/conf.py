extensions = ["csnet"]
project = "Test network"
html_theme = "csnet"
html_baseurl = "https://lgbt.example.org"  # no trailing slash: csnet.publish adds it
plan_as_of = "2022-03-01"
