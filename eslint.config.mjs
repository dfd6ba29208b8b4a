// Type-aware linting for the Node workspaces; the Angular app is checked by its strict compiler,
// and ESLint only enforces its import boundaries (see "Import boundaries" below).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import tseslint from 'typescript-eslint';

// ---------------------------------------------------------------------------------------------
// Import boundaries
//
// Every import is relative (`../../repositories/payment.repository`), so whether a specifier
// reaches another layer depends on how deep the importing file sits: from
// backend/src/services/payments/x.ts, `../../db/x` is backend/src/db but `../db/x` would be
// backend/src/services/db. So the rules are generated per folder *and per depth*: for a file
// DEPTH folders below the root (backend/src, frontend/src/app), exactly DEPTH `../` reach the
// root, and the regexes name the top-level folder that follows. Each file is matched by exactly
// one generated block (flat config replaces, not merges, a rule's options), which carries both
//   - no-restricted-imports: import / import type / export … from / import x = require(…), and
//   - no-restricted-syntax: dynamic import('…') (lazy routes), which the former does not see.
// Regexes are case-sensitive and anchored; `name(?:/|$)` keeps `db` from matching `db-errors`.
// ---------------------------------------------------------------------------------------------

const MAX_DEPTH = 8; // deepest folder nesting (below the root) that the rules cover

/** `DEPTH` parent steps from a file: `./` for a file directly in the root. */
const up = (depth) => (depth === 0 ? '\\./' : `(?:\\.\\./){${depth}}`);
/** A top-level folder (or file, with or without extension) named `name`, anchored on both sides. */
const entry = (names) => `(?:${names.join('|')})(?:/|\\.[cm]?[jt]s$|$)`;
/** Glob of the files exactly `depth` folders below `root` inside `dir` (depth 1 = directly in dir). */
const filesAt = (root, dir, depth, fileGlob) => `${root}/${dir}/${'*/'.repeat(depth - 1)}${fileGlob}`;

/** One restriction: `regex` over the import specifier, and which layer rule it enforces. */
const restrict = (regex, message, { typesAllowed = false } = {}) => ({ regex, message, typesAllowed });

/** The two rules for a list of restrictions. */
function boundaryRules(restrictions) {
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: restrictions.map(({ regex, message, typesAllowed }) => ({
          regex,
          message,
          caseSensitive: true,
          ...(typesAllowed ? { allowTypeImports: true } : {}),
        })),
      },
    ],
    'no-restricted-syntax': [
      'error',
      ...restrictions.map(({ regex, message }) => ({
        // esquery regex literals cannot contain '/', so spell it \x2F
        selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\x2F')}/u]`,
        message: `Dynamic import: ${message}`,
      })),
    ],
  };
}

// --- Backend: backend/src -------------------------------------------------------------------
const BACKEND = 'backend/src';
const BACKEND_DIRS = [
  'config',
  'db',
  'domain',
  'documents',
  'emails',
  'mail',
  'entities',
  'repositories',
  'providers',
  'services',
  'http',
  'jobs',
  'errors',
  'metrics',
];
const BACKEND_FILES = ['app', 'server', 'logger', 'sandbox-launcher'];
const RELATIVE = '\\.{1,2}(?:/|$)';

/**
 * Per layer: the other top-level entries of backend/src it may import (its own folder always),
 * those it may import only with `import type`, and npm/node restrictions. Anything else in
 * backend/src (including app.ts, server.ts, sandbox-launcher.ts and folders added later) is forbidden.
 * db/ and the top-level files are the wiring and are not restricted.
 */
const BACKEND_LAYERS = {
  domain: {
    rule: 'domain/** is pure: it imports only other domain/ files',
    may: [],
    packages: restrict(`^(?!${RELATIVE})`, 'domain/** is pure: no npm packages and no node builtins (node:*)'),
  },
  documents: {
    rule: 'documents/** renders issued documents (PDF) from domain snapshots: it imports only domain/',
    may: ['domain'],
    packages: restrict(
      '^(?:typeorm|pg)(?:/|$)',
      'documents/** must not use typeorm or pg: it renders from a snapshot it is given',
    ),
  },
  emails: {
    rule: 'emails/** renders messages from the facts it is given: it imports only domain/',
    may: ['domain'],
    packages: restrict(`^(?!${RELATIVE})`, 'emails/** renders from facts: no npm packages and no node builtins'),
  },
  mail: {
    rule: 'mail/** is the SMTP side (nodemailer, the development catcher): it imports errors/, logger and the types of config/ and services/ (the MailTransport port it implements)',
    may: ['errors', 'logger'],
    typesOnly: ['config', 'services'],
    packages: restrict(
      '^(?:typeorm|pg)(?:/|$)',
      'mail/** must not use typeorm or pg: the outbox belongs to repositories/',
    ),
  },
  entities: {
    rule: 'entities/** may import only domain/ and typeorm',
    may: ['domain'],
    packages: restrict(
      `^(?!${RELATIVE}|typeorm(?:/|$))`,
      'entities/** may import only domain/ and typeorm (no other npm package)',
    ),
  },
  repositories: {
    rule: 'repositories/** may import only entities/, domain/, db/ and errors/ (plus typeorm, pg)',
    may: ['entities', 'domain', 'db', 'errors'],
  },
  providers: {
    rule: 'providers/** may import only domain/, errors/, logger and config/ types',
    may: ['domain', 'errors', 'logger'],
    typesOnly: ['config'],
    packages: restrict(
      '^(?:typeorm|pg)(?:/|$)',
      'providers/** must not use typeorm or pg: persistence belongs to repositories/',
    ),
  },
  services: {
    rule: 'services/** may import only providers/, repositories/, documents/, emails/, domain/, errors/, config/, logger and other services; SQL and entities live in repositories/',
    may: ['providers', 'repositories', 'documents', 'emails', 'domain', 'errors', 'config', 'logger'],
    packages: restrict(
      '^(?:typeorm|pg)(?:/|$)',
      'services/** may use typeorm/pg only through `import type` (DataSource, EntityManager); queries live in repositories/',
      { typesAllowed: true },
    ),
  },
  http: {
    rule: 'http/** may import only services/, domain/, errors/, config/ and logger',
    may: ['services', 'domain', 'errors', 'config', 'logger'],
  },
  jobs: {
    rule: 'jobs/** may import only services/, config/ and logger',
    may: ['services', 'logger', 'config'],
  },
  errors: { rule: 'errors/** may import only domain/ (provider names, codes)', may: ['domain'] },
  metrics: {
    rule: 'metrics/** implements the metric ports of services/ and providers/ with prom-client: it imports their types only, plus errors/',
    may: ['errors'],
    typesOnly: ['services', 'providers'],
    packages: restrict(
      '^(?:typeorm|pg)(?:/|$)',
      'metrics/** must not use typeorm or pg: it reads through the ports it is given',
    ),
  },
  config: { rule: 'config/** may import only domain/ (currency tables) from the other layers', may: ['domain'] },
};

function backendRestrictions(layer, depth) {
  const { rule, may, typesOnly = [], packages } = BACKEND_LAYERS[layer];
  const label = (name) => (BACKEND_DIRS.includes(name) ? `${name}/` : name);
  const forbidden = [...BACKEND_DIRS, ...BACKEND_FILES].filter(
    (name) => name !== layer && !may.includes(name) && !typesOnly.includes(name),
  );
  return [
    ...forbidden.map((name) =>
      restrict(`^${up(depth)}${entry([name])}`, `Layer rule: ${layer}/** must not import ${label(name)}; ${rule}.`),
    ),
    ...typesOnly.map((name) =>
      restrict(
        `^${up(depth)}${entry([name])}`,
        `Layer rule: ${layer}/** may import ${label(name)} only with \`import type\`; ${rule}.`,
        {
          typesAllowed: true,
        },
      ),
    ),
    // leaving backend/src, or a top-level entry not listed above
    restrict(
      `^${up(depth)}(?!${entry([...BACKEND_DIRS, ...BACKEND_FILES])})`,
      `Layer rule: ${layer}/** must not import outside the known layers of backend/src; ${rule}.`,
    ),
    ...(packages ? [{ ...packages, message: `Layer rule: ${packages.message}.` }] : []),
  ];
}

const backendBoundaries = Object.keys(BACKEND_LAYERS).flatMap((layer) =>
  Array.from({ length: MAX_DEPTH }, (_, i) => i + 1).map((depth) => ({
    name: `boundaries/backend/${layer}/depth-${depth}`,
    files: [filesAt(BACKEND, layer, depth, '*.ts')],
    rules: boundaryRules(backendRestrictions(layer, depth)),
  })),
);

// --- Frontend: frontend/src/app -------------------------------------------------------------
// Features are the folders other than core/ and testing/, read from disk on every run.
const FRONTEND = 'frontend/src/app';
const FEATURES = readdirSync(path.join(import.meta.dirname, FRONTEND), { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== 'core' && e.name !== 'testing')
  .map((e) => e.name)
  .sort();

const testingOnlyFromSpecs = (depth, who) =>
  restrict(
    `^${up(depth)}testing(?:/|$)`,
    `Frontend rule: testing/** may be imported only from *.spec.ts files (${who} is not a spec).`,
  );

function frontendRestrictions(area, depth, spec) {
  const list = [];
  if (area === '') {
    // app.ts, app.routes.ts, app.config.ts, not-found.ts: features only through their *.routes.ts
    if (FEATURES.length > 0) {
      list.push(
        restrict(
          `^\\./(?:${FEATURES.join('|')})(?:/|$)(?!.*\\.routes(?:\\.[jt]s)?$)`,
          'Frontend rule: app-level files may import a feature only through its *.routes.ts (lazy routes), plus core/.',
        ),
      );
    }
  } else if (area === 'core') {
    for (const feature of FEATURES) {
      list.push(
        restrict(`^${up(depth)}${feature}(?:/|$)`, `Frontend rule: core/** must not import a feature (${feature}/).`),
      );
    }
  } else {
    for (const other of FEATURES.filter((f) => f !== area)) {
      list.push(
        restrict(
          `^${up(depth)}${other}(?:/|$)`,
          `Frontend rule: feature ${area}/ must not import feature ${other}/ (sideways); a feature imports only core/ and its own folder.`,
        ),
      );
    }
  }
  if (!spec) list.push(testingOnlyFromSpecs(depth, area === '' ? 'this app-level file' : `this ${area}/ file`));
  return list;
}

function frontendBlocks(area, depth) {
  const glob = (fileGlob) => (area === '' ? `${FRONTEND}/${fileGlob}` : filesAt(FRONTEND, area, depth, fileGlob));
  return [
    {
      name: `boundaries/frontend/${area || 'app'}/depth-${depth}`,
      files: [glob('*.ts')],
      ignores: ['**/*.spec.ts'],
      rules: boundaryRules(frontendRestrictions(area, depth, false)),
    },
    {
      name: `boundaries/frontend/${area || 'app'}/depth-${depth}/spec`,
      files: [glob('*.spec.ts')],
      rules: boundaryRules(frontendRestrictions(area, depth, true)),
    },
  ];
}

const frontendBoundaries = [
  ...frontendBlocks('', 0),
  ...['core', ...FEATURES].flatMap((area) =>
    Array.from({ length: MAX_DEPTH }, (_, i) => i + 1).flatMap((depth) => frontendBlocks(area, depth)),
  ),
];

export default tseslint.config(
  {
    // frontend/: only the app's TypeScript (frontend/src/app/**/*.ts) is linted, for boundaries
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'frontend/*',
      '!frontend/src/',
      'frontend/src/*',
      '!frontend/src/app/',
      '**/*.js',
      '**/*.mjs',
      '.data/**',
    ],
  },
  ...tseslint.configs.recommended.map((config) => ({ ...config, ignores: [...(config.ignores ?? []), 'frontend/**'] })),
  {
    files: ['backend/**/*.ts', 'sandbox/**/*.ts', 'e2e/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', name: ['describe', 'it', 'test'], package: 'node:test' }] },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['backend/src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // The Angular app: TypeScript parser without type information, boundary rules only.
    files: [`${FRONTEND}/**/*.ts`],
    languageOptions: { parser: tseslint.parser, sourceType: 'module' },
  },
  ...backendBoundaries,
  ...frontendBoundaries,
);
