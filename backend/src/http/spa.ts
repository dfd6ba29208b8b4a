import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';

/**
 * Serves the built Angular app: static files, and index.html for any other GET that is not
 * an API call, so deep links like /checkout/return work after a reload.
 */
export function spaRoutes(browserDir: string): Router | undefined {
  const index = path.join(browserDir, 'index.html');
  if (!existsSync(index)) return undefined;
  const router = express.Router();
  router.use(express.static(browserDir, { index: false, maxAge: '1h' }));
  router.get(/^(?!\/api\/|\/healthz|\/readyz).*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
