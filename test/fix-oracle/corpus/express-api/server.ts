import express from 'express';
import cors from 'cors';

const app = express();

const whitelist = [
  'https://app.acme.io/',
  'https://ADMIN.acme.io',
  'https://acme.io:443',
  'https://shop.acme.io' + '/',
  'https://b.acme.io\u002f',
  `https://c.acme.io/`,
];

app.use(
  cors({
    origin: whitelist,
    credentials: true,
  }),
);

const host = 'd.acme.io';
app.use('/v2', cors({ origin: [`https://${host}/`, /acme\.io$/g], credentials: true }));

app.use('/open', cors());

app.use(
  '/reflect',
  cors({
    origin: (origin, callback) => callback(null, true),
    credentials: true,
  }),
);
