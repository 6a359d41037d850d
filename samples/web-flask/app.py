from flask import Flask, jsonify
from flask_cors import CORS, cross_origin

app = Flask(__name__)
CORS(app, supports_credentials=True)


@app.route("/api/profile")
@cross_origin(origins=["https://*.acme-shop.com", "null"])
def profile():
    return jsonify(name="Ada")
