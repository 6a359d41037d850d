import cors from "cors";
import express from "express";

const api = express();
api.use(cors({ origin: "https://web.example.com/" }));
