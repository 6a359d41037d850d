import os

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI(title="orders")

origins = [
    "https://x-git-main-acme.vercel.app"
    "http://localhost:3000",
    "http:// 3.104.153.184:4200",
    # staging
    "https://staging.acme.io/",
    "https://Admin.Acme.io",
    "https://acme.io:443",
    "https://shop.acme.io" "/",
    "https://b.acme.io\x2f",
    " https://c.acme.io",
]

app.add_middleware(
    CORSMiddleware,
    allow_origins=origins,
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)
