import Fastify from 'fastify';
import cors from '@fastify/cors';

const app = Fastify();
await app.register(cors, {
  origin: ['https://app.acme.io:443', 'HTTPS://Shop.acme.io'],
  credentials: true,
});
