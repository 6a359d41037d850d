def add_cors(request, response):
    response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin")
    return response
