import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';

export const DOCS_PATH = '/api/docs';
export const OPENAPI_JSON_PATH = `${DOCS_PATH}/openapi.json`;

/**
 * The OpenAPI document and Swagger UI over it. Every asset is served from the installed
 * swagger-ui-dist (nothing from elsewhere) and the page loads no inline script (its start-up
 * script is a file too), so it lives under the app-wide CSP like every other page.
 */
export function docsRoutes(document: object): Router {
  const router = Router();
  router.get(OPENAPI_JSON_PATH, (_req, res) => {
    res.json(document);
  });
  // The page names its assets relative to itself (`./swagger-ui.css`), so it lives at `/api/docs/`.
  router.get(DOCS_PATH, (req, res, next) => {
    if (req.originalUrl.split('?')[0]!.endsWith('/')) next();
    else res.redirect(301, `${DOCS_PATH}/`);
  });
  router.get(
    DOCS_PATH,
    swaggerUi.setup(undefined, { customSiteTitle: 'LMS payments API', swaggerUrl: OPENAPI_JSON_PATH }),
  );
  router.use(
    DOCS_PATH,
    swaggerUi.serveFiles(undefined, {
      swaggerUrl: OPENAPI_JSON_PATH,
      // No badge from the public validator service: the page calls nothing but this server.
      swaggerOptions: { validatorUrl: null },
    }),
  );
  return router;
}
