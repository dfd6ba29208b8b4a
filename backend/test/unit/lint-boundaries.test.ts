import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * The import-boundary rules of the root eslint.config.mjs, checked through ESLint's Node API on
 * virtual files at realistic paths (the files need not exist; their path decides which rules apply).
 *
 * ESLint loads eslint.config.mjs with a native dynamic import(), which Jest's module sandbox refuses
 * without --experimental-vm-modules, so the linting runs in a plain Node child process (one for all
 * cases). Virtual files belong to no tsconfig project, so type information is switched off and only
 * the boundary rules run.
 */
const repoRoot = path.resolve(__dirname, '../../..');
const BOUNDARY_RULES = ['no-restricted-imports', 'no-restricted-syntax'];

const LINT_SCRIPT = `
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';

const { cwd, rules, cases } = JSON.parse(readFileSync(0, 'utf8'));
const eslint = new ESLint({
  cwd,
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => rules.includes(ruleId),
});
const results = [];
for (const { file, code } of cases) {
  const [result] = await eslint.lintText(code, { filePath: path.join(cwd, file), warnIgnored: true });
  results.push(result.messages.map(({ ruleId, message, fatal }) => ({ ruleId, message, fatal: fatal === true })));
}
process.stdout.write(JSON.stringify(results));
`;

interface LintCase {
  when: string;
  file: string;
  code: string;
}
interface Finding {
  ruleId: string | null;
  message: string;
  fatal: boolean;
}

interface Violation extends LintCase {
  /** part of the message, naming the layer rule that is enforced */
  rule: string;
  ruleId?: 'no-restricted-imports' | 'no-restricted-syntax';
}

const violations: Violation[] = [
  // domain/** is pure
  {
    when: 'domain/ imports repositories/',
    file: 'backend/src/domain/payments/x.ts',
    code: "import { PaymentRepository } from '../../repositories/payment.repository';",
    rule: 'domain/** must not import repositories/',
  },
  {
    when: 'domain/ imports config/',
    file: 'backend/src/domain/money/x.ts',
    code: "import { loadConfig } from '../../config/config';",
    rule: 'domain/** must not import config/',
  },
  {
    when: 'domain/ imports the logger',
    file: 'backend/src/domain/pricing.ts',
    code: "import { logger } from '../logger';",
    rule: 'domain/** must not import logger',
  },
  {
    when: 'domain/ imports entities/ even with import type',
    file: 'backend/src/domain/payments/x.ts',
    code: "import type { Payment } from '../../entities';",
    rule: 'domain/** must not import entities/',
  },
  {
    when: 'domain/ imports typeorm',
    file: 'backend/src/domain/payments/x.ts',
    code: "import { Entity } from 'typeorm';",
    rule: 'domain/** is pure: no npm packages',
  },
  {
    when: 'domain/ imports a node builtin',
    file: 'backend/src/domain/money/x.ts',
    code: "import { randomUUID } from 'node:crypto';",
    rule: 'domain/** is pure: no npm packages and no node builtins',
  },
  {
    when: 'domain/ imports @paypal/checkout-server-sdk',
    file: 'backend/src/domain/payments/x.ts',
    code: "import paypal from '@paypal/checkout-server-sdk';",
    rule: 'domain/** is pure',
  },
  // entities/** → domain/, typeorm
  {
    when: 'entities/ imports services/',
    file: 'backend/src/entities/payment.entity.ts',
    code: "import { audit } from '../services/audit';",
    rule: 'entities/** must not import services/',
  },
  {
    when: 'entities/ imports an npm package other than typeorm',
    file: 'backend/src/entities/payment.entity.ts',
    code: "import { z } from 'zod';",
    rule: 'entities/** may import only domain/ and typeorm',
  },
  // repositories/** → entities/, domain/, db/, errors/
  {
    when: 'repositories/ imports services/',
    file: 'backend/src/repositories/payment.repository.ts',
    code: "import { PaymentService } from '../services/payments/payment.service';",
    rule: 'repositories/** must not import services/',
  },
  {
    when: 'repositories/ imports providers/',
    file: 'backend/src/repositories/payments/payment.repository.ts',
    code: "import type { PaymentProvider } from '../../providers/payment-provider';",
    rule: 'repositories/** must not import providers/',
  },
  {
    when: 'repositories/ imports http/',
    file: 'backend/src/repositories/payment.repository.ts',
    code: "import { requireAuth } from '../http/middleware/auth.middleware';",
    rule: 'repositories/** must not import http/',
  },
  {
    when: 'repositories/ imports jobs/',
    file: 'backend/src/repositories/payment.repository.ts',
    code: "import { startJobs } from '../jobs/background';",
    rule: 'repositories/** must not import jobs/',
  },
  // providers/** → domain/, errors/, logger, config/ types
  {
    when: 'providers/ imports db/',
    file: 'backend/src/providers/stripe/stripe.adapter.ts',
    code: "import { preparedQuery } from '../../db/prepared-query';",
    rule: 'providers/** must not import db/',
  },
  {
    when: 'providers/ imports entities/',
    file: 'backend/src/providers/paypal/paypal.adapter.ts',
    code: "import { Payment } from '../../entities';",
    rule: 'providers/** must not import entities/',
  },
  {
    when: 'providers/ imports repositories/',
    file: 'backend/src/providers/provider-registry.ts',
    code: "import { PaymentRepository } from '../repositories/payment.repository';",
    rule: 'providers/** must not import repositories/',
  },
  {
    when: 'providers/ imports services/',
    file: 'backend/src/providers/stripe/stripe.adapter.ts',
    code: "import { PaymentService } from '../../services/payments/payment.service';",
    rule: 'providers/** must not import services/',
  },
  {
    when: 'providers/ imports a value from config/',
    file: 'backend/src/providers/provider-registry.ts',
    code: "import { loadConfig } from '../config/config';",
    rule: 'providers/** may import config/ only with `import type`',
  },
  {
    when: 'providers/ imports typeorm',
    file: 'backend/src/providers/stripe/stripe.adapter.ts',
    code: "import type { DataSource } from 'typeorm';",
    rule: 'providers/** must not use typeorm or pg',
  },
  {
    when: 'providers/ imports pg',
    file: 'backend/src/providers/paypal/paypal.adapter.ts',
    code: "import { Client } from 'pg';",
    rule: 'providers/** must not use typeorm or pg',
  },
  // services/** → providers/, repositories/, domain/, errors/, config/, logger, services/
  {
    when: 'services/ imports http/',
    file: 'backend/src/services/payments/payment.service.ts',
    code: "import { requireAuth } from '../../http/middleware/auth.middleware';",
    rule: 'services/** must not import http/',
  },
  {
    when: 'services/ imports jobs/',
    file: 'backend/src/services/catalog.service.ts',
    code: "import { startJobs } from '../jobs/background';",
    rule: 'services/** must not import jobs/',
  },
  {
    when: 'services/ imports db/',
    file: 'backend/src/services/webhooks/webhook.service.ts',
    code: "import { preparedQuery } from '../../db/prepared-query';",
    rule: 'services/** must not import db/',
  },
  {
    when: 'services/ imports entities/',
    file: 'backend/src/services/payments/payment.service.ts',
    code: "import { Payment, Refund } from '../../entities';",
    rule: 'services/** must not import entities/',
  },
  {
    when: 'services/ imports a value from typeorm',
    file: 'backend/src/services/catalog.service.ts',
    code: "import { In } from 'typeorm';",
    rule: 'services/** may use typeorm/pg only through `import type`',
  },
  {
    when: 'services/ loads db/ with a dynamic import',
    file: 'backend/src/services/payments/payment.service.ts',
    code: "export const load = () => import('../../db/database');",
    rule: 'Dynamic import: Layer rule: services/** must not import db/',
    ruleId: 'no-restricted-syntax',
  },
  // http/** → services/, domain/, errors/, config/, logger
  {
    when: 'http/ imports repositories/',
    file: 'backend/src/http/routes/payments.routes.ts',
    code: "import { PaymentRepository } from '../../repositories/payment.repository';",
    rule: 'http/** must not import repositories/',
  },
  {
    when: 'http/ imports db/',
    file: 'backend/src/http/routes/health.routes.ts',
    code: "import { createDataSource } from '../../db/data-source';",
    rule: 'http/** must not import db/',
  },
  {
    when: 'http/ imports entities/',
    file: 'backend/src/http/middleware/auth.middleware.ts',
    code: "import { User } from '../../entities';",
    rule: 'http/** must not import entities/',
  },
  {
    when: 'http/ re-exports entities/',
    file: 'backend/src/http/validation.ts',
    code: "export * from '../entities';",
    rule: 'http/** must not import entities/',
  },
  {
    when: 'http/ imports providers/',
    file: 'backend/src/http/routes/webhook.routes.ts',
    code: "import { ProviderRegistry } from '../../providers/provider-registry';",
    rule: 'http/** must not import providers/',
  },
  {
    when: 'http/ imports jobs/',
    file: 'backend/src/http/routes/payments.routes.ts',
    code: "import { startJobs } from '../../jobs/background';",
    rule: 'http/** must not import jobs/',
  },
  // jobs/** → services/, logger, config/
  {
    when: 'jobs/ imports http/',
    file: 'backend/src/jobs/background.ts',
    code: "import { spa } from '../http/spa';",
    rule: 'jobs/** must not import http/',
  },
  {
    when: 'jobs/ imports repositories/',
    file: 'backend/src/jobs/job-runner.ts',
    code: "import { PaymentRepository } from '../repositories/payment.repository';",
    rule: 'jobs/** must not import repositories/',
  },
  {
    when: 'jobs/ imports db/',
    file: 'backend/src/jobs/background.ts',
    code: "import { createDataSource } from '../db/data-source';",
    rule: 'jobs/** must not import db/',
  },
  {
    when: 'jobs/ imports entities/',
    file: 'backend/src/jobs/background.ts',
    code: "import { WebhookEvent } from '../entities';",
    rule: 'jobs/** must not import entities/',
  },
  {
    when: 'jobs/ imports providers/',
    file: 'backend/src/jobs/job-runner.ts',
    code: "import { ProviderRegistry } from '../providers/provider-registry';",
    rule: 'jobs/** must not import providers/',
  },
  // metrics/** → types of services/ and providers/, errors/
  {
    when: 'metrics/ imports a service (not only its type)',
    file: 'backend/src/metrics/webhook-counters.ts',
    code: "import { WebhookService } from '../services/webhooks/webhook.service';",
    rule: 'metrics/** may import services/ only with `import type`',
  },
  {
    when: 'metrics/ imports repositories/',
    file: 'backend/src/metrics/job-backlog.ts',
    code: "import { PaymentRepository } from '../repositories/payment.repository';",
    rule: 'metrics/** must not import repositories/',
  },
  {
    when: 'services/ imports metrics/ (prom-client) instead of its port',
    file: 'backend/src/services/webhooks/webhook.service.ts',
    code: "import { webhookCounters } from '../../metrics/webhook-counters';",
    rule: 'services/** must not import metrics/',
  },
  // errors/** and config/**
  {
    when: 'errors/ imports services/',
    file: 'backend/src/errors/app-error.ts',
    code: "import { audit } from '../services/audit';",
    rule: 'errors/** must not import services/',
  },
  {
    when: 'errors/ imports repositories/',
    file: 'backend/src/errors/app-error.ts',
    code: "import { isUniqueViolation } from '../repositories/db-errors';",
    rule: 'errors/** must not import repositories/',
  },
  {
    when: 'config/ imports services/',
    file: 'backend/src/config/config.ts',
    code: "import { CurrencyService } from '../services/currency.service';",
    rule: 'config/** must not import services/',
  },
  {
    when: 'a layer imports the composition root (app.ts)',
    file: 'backend/src/services/container.ts',
    code: "import { createApp } from '../app';",
    rule: 'services/** must not import app',
  },
  // frontend
  {
    when: 'a feature imports another feature (sideways)',
    file: 'frontend/src/app/catalog/course-page.ts',
    code: "import { PaymentPoller } from '../checkout/payment-poller';",
    rule: 'feature catalog/ must not import feature checkout/ (sideways)',
  },
  {
    when: "a feature's spec imports another feature",
    file: 'frontend/src/app/account/payment-history.spec.ts',
    code: "import { CourseList } from '../catalog/course-list';",
    rule: 'feature account/ must not import feature catalog/ (sideways)',
  },
  {
    when: "a feature's routes lazy-load another feature's component",
    file: 'frontend/src/app/catalog/catalog.routes.ts',
    code: "export const r = [{ path: 'x', loadComponent: () => import('../checkout/checkout-return') }];",
    rule: 'Dynamic import: Frontend rule: feature catalog/ must not import feature checkout/ (sideways)',
    ruleId: 'no-restricted-syntax',
  },
  {
    when: 'core/ imports a feature',
    file: 'frontend/src/app/core/api/catalog-api.ts',
    code: "import { CourseList } from '../../catalog/course-list';",
    rule: 'core/** must not import a feature (catalog/)',
  },
  {
    when: 'core/ imports the auth feature (not core/auth)',
    file: 'frontend/src/app/core/api/auth-api.ts',
    code: "import { Login } from '../../auth/login';",
    rule: 'core/** must not import a feature (auth/)',
  },
  {
    when: 'a non-spec feature file imports testing/',
    file: 'frontend/src/app/catalog/course-list.ts',
    code: "import { aCourse } from '../testing/fixtures';",
    rule: 'testing/** may be imported only from *.spec.ts files',
  },
  {
    when: 'a non-spec core file imports testing/',
    file: 'frontend/src/app/core/money/format.ts',
    code: "import { aCourse } from '../../testing/fixtures';",
    rule: 'testing/** may be imported only from *.spec.ts files',
  },
  {
    when: "an app-level file imports a feature's component instead of its routes",
    file: 'frontend/src/app/app.routes.ts',
    code: "import { CourseList } from './catalog/course-list';",
    rule: 'app-level files may import a feature only through its *.routes.ts',
  },
  {
    when: "an app-level file lazy-loads a feature's component instead of its routes",
    file: 'frontend/src/app/app.routes.ts',
    code: "export const routes = [{ path: 'login', loadComponent: () => import('./auth/login') }];",
    rule: 'Dynamic import: Frontend rule: app-level files may import a feature only through its *.routes.ts',
    ruleId: 'no-restricted-syntax',
  },
];

const allowed: LintCase[] = [
  {
    when: 'domain/ imports other domain/ files',
    file: 'backend/src/domain/payments/x.ts',
    code: "import { Money } from '../money/money';\nimport { PaymentStatus } from './payment-status';\nimport { price } from '../pricing';",
  },
  {
    when: 'entities/ imports domain/, typeorm and other entities',
    file: 'backend/src/entities/payment.entity.ts',
    code: "import { Entity, Column } from 'typeorm';\nimport { PaymentStatus } from '../domain/payments/payment-status';\nimport { User } from './user.entity';",
  },
  {
    when: 'repositories/ imports entities/, domain/, db/, errors/, typeorm and pg',
    file: 'backend/src/repositories/payments/payment.repository.ts',
    code: [
      "import { In, type EntityManager } from 'typeorm';",
      "import { Client } from 'pg';",
      "import { Payment } from '../../entities';",
      "import { Money } from '../../domain/money/money';",
      "import { preparedQuery } from '../../db/prepared-query';",
      "import { AppError } from '../../errors/app-error';",
      "import { base } from '../base.repository';",
    ].join('\n'),
  },
  {
    when: 'providers/ imports domain/, errors/, the logger, config/ types and stripe',
    file: 'backend/src/providers/stripe/stripe.adapter.ts',
    code: [
      "import Stripe from 'stripe';",
      "import type { StripeConfig } from '../../config/config';",
      "import { Money } from '../../domain/money/money';",
      "import { AppError } from '../../errors/app-error';",
      "import { logger } from '../../logger';",
      "import type { PaymentProvider } from '../payment-provider';",
    ].join('\n'),
  },
  {
    when: 'services/ imports providers/, repositories/, domain/, errors/, config/, the logger, other services and typeorm types',
    file: 'backend/src/services/payments/payment.service.ts',
    code: [
      "import type { DataSource, EntityManager } from 'typeorm';",
      "import { loadConfig } from '../../config/config';",
      "import { PaymentRepository } from '../../repositories/payment.repository';",
      "import type { PaymentProvider } from '../../providers/payment-provider';",
      "import { Money } from '../../domain/money/money';",
      "import { AppError } from '../../errors/app-error';",
      "import { logger } from '../../logger';",
      "import { CurrencyService } from '../currency.service';",
      "import { isUniqueViolation } from '../db-errors';",
      "import { views } from './payment-views';",
    ].join('\n'),
  },
  {
    when: 'http/ imports services/, domain/, errors/, config/, the logger and express',
    file: 'backend/src/http/routes/payments.routes.ts',
    code: [
      "import { Router } from 'express';",
      "import { PaymentService } from '../../services/payments/payment.service';",
      "import { PaymentStatus } from '../../domain/payments/payment-status';",
      "import { AppError } from '../../errors/app-error';",
      "import type { Config } from '../../config/config';",
      "import { logger } from '../../logger';",
      "import { requireAuth } from '../middleware/auth.middleware';",
    ].join('\n'),
  },
  {
    when: 'jobs/ imports services/, the logger, config/ and pg-boss',
    file: 'backend/src/jobs/background.ts',
    code: [
      "import PgBoss from 'pg-boss';",
      "import { ReconciliationService } from '../services/payments/reconciliation.service';",
      "import { logger } from '../logger';",
      "import type { Config } from '../config/config';",
      "import { JobRunner } from './job-runner';",
    ].join('\n'),
  },
  {
    when: 'metrics/ imports service and provider types, errors/, prom-client and pg-boss types',
    file: 'backend/src/metrics/metrics.ts',
    code: [
      "import { Counter, Registry } from 'prom-client';",
      "import type PgBoss from 'pg-boss';",
      "import type { WebhookMetrics } from '../services/webhooks/webhook-metrics';",
      "import type { ProviderCallMetrics } from '../providers/provider-call-metrics';",
      "import { UnauthorizedError } from '../errors/app-error';",
      "import { BoundedLabel } from './bounded-label';",
    ].join('\n'),
  },
  {
    when: 'config/ imports domain/',
    file: 'backend/src/config/config.ts',
    code: "import { z } from 'zod';\nimport { CURRENCIES } from '../domain/money/currencies';",
  },
  {
    when: 'the composition root imports every layer',
    file: 'backend/src/app.ts',
    code: "import { createContainer } from './services/container';\nimport { createDataSource } from './db/data-source';\nimport { router } from './http/routes/payments.routes';",
  },
  {
    when: 'a feature imports core/ and its own folder',
    file: 'frontend/src/app/checkout/checkout-return.ts',
    code: "import { Component } from '@angular/core';\nimport { AuthStore } from '../core/auth/auth-store';\nimport { PaymentPoller } from './payment-poller';",
  },
  {
    when: 'a core/ file imports core/auth (same name as the auth feature)',
    file: 'frontend/src/app/core/api/auth-api.ts',
    code: "import { AuthStore } from '../auth/auth-store';\nimport { Money } from '../money/money';",
  },
  {
    when: "an app-level file lazy-loads features' routes and imports core/",
    file: 'frontend/src/app/app.routes.ts',
    code: [
      "import { authGuard } from './core/auth/auth-guard';",
      "export const routes = [{ path: 'courses', loadChildren: () => import('./catalog/catalog.routes') }, { path: '**', loadComponent: () => import('./not-found') }];",
    ].join('\n'),
  },
  {
    when: 'a spec imports testing/',
    file: 'frontend/src/app/catalog/course-list.spec.ts',
    code: "import { aCourse } from '../testing/fixtures';\nimport { CourseList } from './course-list';",
  },
  {
    when: 'an app-level spec imports testing/',
    file: 'frontend/src/app/app.spec.ts',
    code: "import { aSession } from './testing/fixtures';\nimport { App } from './app';",
  },
];

function lintAll(cases: LintCase[]): Finding[][] {
  const output = execFileSync(process.execPath, ['--input-type=module', '--eval', LINT_SCRIPT], {
    cwd: repoRoot,
    input: JSON.stringify({ cwd: repoRoot, rules: BOUNDARY_RULES, cases }),
    encoding: 'utf8',
  });
  return JSON.parse(output) as Finding[][];
}

describe('import-boundary lint rules (eslint.config.mjs)', () => {
  let violationFindings: Finding[][];
  let allowedFindings: Finding[][];

  beforeAll(() => {
    const findings = lintAll([...violations, ...allowed]);
    violationFindings = findings.slice(0, violations.length);
    allowedFindings = findings.slice(violations.length);
  });

  describe.each(violations.map((v, i) => [v.when, i] as const))('when %s', (_when, i) => {
    it('then the lint fails with the layer rule it breaks', () => {
      const { rule, ruleId = 'no-restricted-imports' } = violations[i];
      expect(violationFindings[i]).toEqual([{ ruleId, message: expect.stringContaining(rule), fatal: false }]);
    });
  });

  describe.each(allowed.map((a, i) => [a.when, i] as const))('when %s', (_when, i) => {
    it('then the lint passes', () => {
      expect(allowedFindings[i]).toEqual([]);
    });
  });
});
