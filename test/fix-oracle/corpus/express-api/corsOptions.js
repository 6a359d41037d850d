const cors = require('cors');

const corsOptions = {
  origin: process.env.CORS_ORIGIN || 'https://app.acme.io/',
  optionsSuccessStatus: 200,
  credential: true,
};

module.exports = (app) => app.use(cors(corsOptions));
