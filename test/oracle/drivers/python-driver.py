"""Runtime oracle driver for the Python middlewares (Debian packages, /usr/bin/python3).

Reads one JSON object per line on stdin, answers one JSON object per line on stdout:
  in:  {"id", "framework", "form", "options": [[name, value], ...], "origins": [...], "path"}
  out: {"id", "records": [[status, acao, acac, vary], ...]}
       (per origin: preflight, simple, simple-cookie)
       or {"id", "raised": "..."} when the middleware refuses the configuration while the app is built
       or {"id", "error": "..."} when the driver itself fails
The app is built from the structured options (never by running the corpus snippet). Config
values use the tags of test/oracle/corpus/types.ts: {"$regex"}, {"$env"}, {"$split"},
{"$dict"}, {"$tuple"}, {"$options"}.
"""

import asyncio
import json
import os
import re
import sys
import traceback
import warnings

warnings.simplefilter("ignore")

PREFLIGHT_HEADERS = {"Access-Control-Request-Method": "GET"}
COOKIE = "a=1"


def to_py(v):
    """Turns a tagged JSON config value into the Python value a user's code would produce."""
    if isinstance(v, list):
        return [to_py(x) for x in v]
    if isinstance(v, dict):
        if "$regex" in v:
            return re.compile(v["$regex"], re.I if "i" in v.get("flags", "") else 0)
        if "$env" in v:
            return os.environ.get(v["$env"], to_py(v["default"]))
        if "$split" in v:
            return to_py(v["$split"]).split(v.get("sep", ","))
        if "$dict" in v:
            return {k: to_py(x) for k, x in v["$dict"]}
        if "$options" in v:
            return {k: to_py(x) for k, x in v["$options"]}
        if "$tuple" in v:
            return tuple(to_py(x) for x in v["$tuple"])
        raise ValueError(f"unknown config value {v!r}")
    return v


def kwargs_of(options):
    return {name: to_py(value) for name, value in options}


def vary_has_origin(values):
    tokens = [t.strip().lower() for v in values for t in v.split(",")]
    return "origin" in tokens


def record(status, headers_get, vary_values):
    acao = headers_get("access-control-allow-origin")
    acac = headers_get("access-control-allow-credentials")
    return [status, acao, acac, vary_has_origin(vary_values)]


def run_sync(client_call, origins, path, get_record):
    out = []
    for origin in origins:
        h = {"Origin": origin}
        out.append(get_record(client_call("options", path, {**h, **PREFLIGHT_HEADERS})))
        out.append(get_record(client_call("get", path, h)))
        out.append(get_record(client_call("get", path, {**h, "Cookie": COOKIE})))
    return out


class Refused(Exception):
    """The middleware raised while the app was built: the configuration never serves a request."""


def building(make):
    """Builds an app (or runs its requests); a ValueError or TypeError raised becomes Refused."""
    try:
        return make()
    except (ValueError, TypeError) as e:
        raise Refused(f"{type(e).__name__}: {e}") from e


def endpoint_text(*_args, **_kwargs):
    return "ok"


# Starlette / FastAPI ------------------------------------------------------------------------------


def starlette_app(kwargs, fastapi):
    if fastapi:
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, **kwargs)

        @app.get("/api/data")
        def data():
            return "ok"

        return app
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    async def data(_request):
        return PlainTextResponse("ok")

    return Starlette(
        routes=[Route("/api/data", data)], middleware=[Middleware(CORSMiddleware, **kwargs)]
    )


def drive_starlette(req, fastapi):
    from starlette.testclient import TestClient

    client = TestClient(starlette_app(kwargs_of(req["options"]), fastapi))

    def call(method, path, headers):
        return client.request(method.upper(), path, headers=headers)

    def get(r):
        return record(r.status_code, r.headers.get, r.headers.get_list("vary"))

    return run_sync(call, req["origins"], req["path"], get)


# flask-cors ---------------------------------------------------------------------------------------


def flask_app(req):
    from flask import Flask
    from flask_cors import CORS, cross_origin

    app = Flask(__name__)
    # A middleware that raises on a request (the decorator reads its options per request) reaches the
    # driver instead of becoming an anonymous 500.
    app.config["PROPAGATE_EXCEPTIONS"] = True
    kwargs = kwargs_of(req["options"])
    form = req.get("form", "app")
    view = endpoint_text
    if form == "decorator":
        view = cross_origin(**kwargs)(view)
    app.add_url_rule("/api/data", "data", view)
    if form in ("app", "resources"):
        CORS(app, **kwargs)
    return app


def drive_flask(req):
    client = building(lambda: flask_app(req)).test_client()

    def call(method, path, headers):
        return client.open(path, method=method.upper(), headers=headers)

    def get(r):
        return record(r.status_code, r.headers.get, r.headers.getlist("Vary"))

    return building(lambda: run_sync(call, req["origins"], req["path"], get))


# django-cors-headers ------------------------------------------------------------------------------

DJANGO_READY = False


def django_setup():
    global DJANGO_READY
    if DJANGO_READY:
        return
    import types

    import django
    from django.conf import settings
    from django.http import HttpResponse
    from django.urls import path

    urls = types.ModuleType("oracle_urls")
    urls.urlpatterns = [path("api/data", lambda request: HttpResponse("ok"))]
    sys.modules["oracle_urls"] = urls
    settings.configure(
        DEBUG=False,
        SECRET_KEY="oracle",
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF="oracle_urls",
        INSTALLED_APPS=["corsheaders"],
        MIDDLEWARE=[
            "corsheaders.middleware.CorsMiddleware",
            "django.middleware.common.CommonMiddleware",
        ],
    )
    django.setup()
    DJANGO_READY = True


def drive_django(req):
    django_setup()
    from django.test import Client
    from django.test.utils import override_settings

    def meta(headers):
        return {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}

    with override_settings(**kwargs_of(req["options"])):
        client = Client()

        def call(method, path, headers):
            return client.generic(method.upper(), path, **meta(headers))

        def get(r):
            vary = [r["Vary"]] if r.has_header("Vary") else []
            return record(r.status_code, lambda n: r.get(n), vary)

        return run_sync(call, req["origins"], req["path"], get)


# aiohttp-cors -------------------------------------------------------------------------------------

LOOP = None


def aiohttp_app(options):
    import aiohttp_cors
    from aiohttp import web

    async def data(_request):
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_get("/api/data", data)
    kwargs = kwargs_of(options)
    defaults = {
        origin: aiohttp_cors.ResourceOptions(**(opts or {}))
        for origin, opts in (kwargs.get("defaults") or {}).items()
    }
    cors = aiohttp_cors.setup(app, defaults=defaults)
    for route in list(app.router.routes()):
        cors.add(route)
    return app


async def drive_aiohttp_async(req):
    from aiohttp.test_utils import TestClient, TestServer

    out = []
    async with TestClient(TestServer(aiohttp_app(req["options"]), host="127.0.0.1")) as client:
        for origin in req["origins"]:
            h = {"Origin": origin}
            kinds = [
                ("OPTIONS", {**h, **PREFLIGHT_HEADERS}),
                ("GET", h),
                ("GET", {**h, "Cookie": COOKIE}),
            ]
            for method, headers in kinds:
                async with client.request(method, req["path"], headers=headers) as r:
                    await r.read()
                    out.append(record(r.status, r.headers.get, r.headers.getall("Vary", [])))
    return out


def drive_aiohttp(req):
    global LOOP
    if LOOP is None:
        LOOP = asyncio.new_event_loop()
    return LOOP.run_until_complete(drive_aiohttp_async(req))


# Falcon -------------------------------------------------------------------------------------------


class FalconData:
    def on_get(self, _req, resp):
        resp.text = "ok"


class FalconAsyncData:
    async def on_get(self, _req, resp):
        resp.text = "ok"


def falcon_app(options, form):
    import falcon
    import falcon.asgi

    asgi = form == "asgi"
    app_class = falcon.asgi.App if asgi else falcon.App
    kwargs = kwargs_of(options)
    if "cors_enable" in kwargs:
        app = app_class(**kwargs)
    else:
        app = app_class(middleware=[falcon.CORSMiddleware(**kwargs)])
    app.add_route("/api/data", FalconAsyncData() if asgi else FalconData())
    return app


def drive_falcon(req):
    from falcon.testing import TestClient

    client = TestClient(building(lambda: falcon_app(req["options"], req.get("form", "app"))))

    def call(method, path, headers):
        return client.simulate_request(method.upper(), path, headers=headers)

    def get(r):
        vary = r.headers.get("vary")
        return record(r.status_code, r.headers.get, [vary] if vary else [])

    return run_sync(call, req["origins"], req["path"], get)


DRIVERS = {
    "starlette": lambda r: drive_starlette(r, False),
    "fastapi": lambda r: drive_starlette(r, True),
    "flask-cors": drive_flask,
    "django-cors-headers": drive_django,
    "aiohttp-cors": drive_aiohttp,
    "falcon": drive_falcon,
}


def versions():
    import importlib.metadata as m

    names = ["starlette", "fastapi", "Flask-Cors", "django-cors-headers", "aiohttp-cors", "falcon"]
    out = {}
    for n in names:
        try:
            out[n] = m.version(n)
        except Exception:  # noqa: BLE001 - a missing package is reported, not fatal here
            out[n] = None
    return out


def main():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        req = json.loads(line)
        try:
            if req.get("framework") == "versions":
                reply = {"id": req["id"], "versions": versions()}
            else:
                for name in req.get("unsetEnv", []):
                    os.environ.pop(name, None)
                reply = {"id": req["id"], "records": DRIVERS[req["framework"]](req)}
        except Refused as e:
            reply = {"id": req["id"], "raised": str(e)}
        except Exception as e:  # noqa: BLE001 - every failure goes back to the runner
            error = f"{type(e).__name__}: {e}"
            reply = {"id": req["id"], "error": error, "trace": traceback.format_exc()}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
