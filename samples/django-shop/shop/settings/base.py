INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "corsheaders",
    "shop",
]

MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
]

CORS_ALLOWED_ORIGINS = [
    "https://app.acme-shop.com",
    "http://localhost:3000",
]
CORS_ALLOWED_ORIGIN_REGEXES = [r"^https://\w+\.acme-shop\.com"]
CORS_ALLOW_CREDENTIALS = True
