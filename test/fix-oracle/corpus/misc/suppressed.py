from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
# cors-lint-disable-next-line wildcard-credentials -- reviewed
app.add_middleware(CORSMiddleware, allow_origins=["https://ok.acme.io"])
