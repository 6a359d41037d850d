import { Hono } from 'hono';
import { cors } from 'hono/cors';

const app = new Hono();
app.use('/api/*', cors({ origin: ['https://app.acme.io/', 'https://*.acme.io'], credentials: true }));
app.use('/public/*', cors({ origin: '*', credentials: true }));
export default app;
