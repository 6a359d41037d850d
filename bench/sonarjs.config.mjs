// The peer configuration for `npm run bench`: eslint-plugin-sonarjs's CORS rule alone, on JS and TS files.
import sonarjs from 'eslint-plugin-sonarjs';
import tsParser from '@typescript-eslint/parser';

export default [
  {
    files: ['**/*.{js,mjs,cjs,jsx,ts,tsx,mts,cts}'],
    languageOptions: { parser: tsParser, sourceType: 'module' },
    plugins: { sonarjs },
    rules: { 'sonarjs/cors': 'error' },
  },
];
