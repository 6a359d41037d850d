origins = ["MARKER"]


def handler():
    return "MARKER"
