from flask import Flask
from flask_cors import CORS, cross_origin

app = Flask(__name__)
CORS(
    app,
    resources={
        r"/api/*": {"origins": ["https://app.acme.io/", "https://*.acme.io", "null"]},
        r"/public/*": {"origins": "*"},
    },
    supports_credentials=True,
)


@app.route("/widget")
@cross_origin(origins=["https://widget.acme.io" "https://embed.acme.io"], supports_credentials=True)
def widget():
    return "ok"


other = Flask("other")
CORS(other, origins="https://one.acme.io https://two.acme.io")
