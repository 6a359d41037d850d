from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

preview = FastAPI()

# Preview deployments live on Vercel.
preview.add_middleware(
    CORSMiddleware,
    allow_origins=["https://*.vercel.app", "https://app.acme-shop.com/", "http://staging.acme-shop.com"],
    allow_credentials=True,
)
