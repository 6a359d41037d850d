import cors from 'cors';
import express from 'express';

// A throwaway app for tests: allowing every origin here is fine.
export const testApp = express().use(cors({ origin: '*' }));
