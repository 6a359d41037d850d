import os

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

ALLOWED = os.getenv("ALLOWED_ORIGINS", "https://a.acme.io/,https://b.acme.io").split(",")

api = FastAPI()
api.add_middleware(CORSMiddleware, allow_origins=ALLOWED, allow_credentials=True)

public = FastAPI()
public.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],
    allow_methods=["GET"],
)

legacy = FastAPI()
legacy.add_middleware(CORSMiddleware, allow_origins="https://legacy.acme.io", allow_credentials=True)

partner = FastAPI()
partner.add_middleware(
    CORSMiddleware,
    allow_origins=(
        "https://partner-one.com"
        "https://partner-two.com",
        "https://partner-three.com"
    ),
    allow_origin_regex=r"https://.*\.acme\.io",
)
