import { Hono } from 'hono';
import { cors } from 'hono/cors';

const app = new Hono();

app.use(
  '/api/*',
  cors({
    origin: (origin) => (origin.endsWith('acme-shop.com') ? origin : null),
    credentials: true,
  }),
);

app.use('/widgets/*', cors({ origin: ['https://app.acme-shop.com', 'https://admin.acme-shop.com'] }));

export default app;
