import os

DEBUG = os.environ.get("DEBUG") == "1"

INSTALLED_APPS = [
    "django.contrib.admin",
    "corsheaders",
]

MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
]

CORS_ALLOWED_ORIGINS = (
    "https://www.acme.io",
    "https://app.acme.io"
    "https://admin.acme.io",
    "http://localhost:8080",
    "https://WWW.Acme.io:443",
    "acme.io",
)
CORS_ALLOW_CREDENTIALS = True
CORS_ALLOWED_ORIGIN_REGEXES = [r"^https://\w+\.acme\.io$", r"https://.*\.vercel\.app"]
