const express = require('express');
const cors = require('cors');

const app = express();
app.use(
  cors({
    origin: ['https://app.acme.io'],
    origins: ['https://app.acme.io', 'https://admin.acme.io'],
    credentials: true,
    allowedHeader: ['Content-Type'],
  }),
);
