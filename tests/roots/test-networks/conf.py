project = "Networks"
extensions = ["csnet.networks"]
