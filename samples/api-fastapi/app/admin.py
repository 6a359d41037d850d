from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

admin = FastAPI()

# A correct production configuration: nothing to report here.
admin.add_middleware(
    CORSMiddleware,
    allow_origins=["https://admin.acme-shop.com"],
    allow_credentials=True,
    allow_methods=["GET", "POST"],
    allow_headers=["Authorization", "Content-Type"],
)
