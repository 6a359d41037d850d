import express from 'express';
import cors from 'cors';

const app = express();

const corsOptions = {
  origin: true,
  credentials: true,
};

app.use('/api', cors(corsOptions));

app.use(
  '/partners',
  cors({
    origin: [/acme-partner\.com$/, 'https://partner.example.org'],
    methods: ['GET'],
  }),
);

if (process.env.NODE_ENV !== 'production') {
  app.use('/debug', cors());
}

app.get('/public/status', (req, res) => {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.json({ ok: true });
});

app.listen(3000);
