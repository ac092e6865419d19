extensions = ["csnet"]
project = "Example Staff Network"
html_theme = "csnet"
html_baseurl = "https://network.example.org/"
html_static_path = ["_static"]
html_theme_options = {
    "name": "Example Staff Network",
    "description": "The staff network of Example, for everyone.",
    "mark": "our-mark.svg",
    "band": "#003078",
    "brand": "#ffb81c",
    "accent": "#003078",
    "accent_dark": "#8fb8ff",
    "menu": [("News", "news/index"), ("Events", "/events/"), ("About", "/about/"),
             {"title": "Partner", "link": "https://partner.example.com/"}],
    "footer_menu": [("Contact", "mailto:hello@example.org")],
    "social": [("Mastodon", "https://social.example/@network")],
    "licence": "Text is available under CC BY 4.0 unless stated.",
    "licence_link": "CC BY 4.0",
    "signup_action": "https://lists.example.org/subscribe?list=1&x=\"<>",
    "signup_field": "EMAIL",
    "licence_url": "https://creativecommons.org/licenses/by/4.0/",
}
