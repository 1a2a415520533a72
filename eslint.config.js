// Lint is where the architecture of DESIGN.md §2 is enforced: import directions, no cycles,
// no cross-feature imports, and no DOM/React/GPU in the pure compute kernels.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const FEATURES = [
  'query-panel',
  'projectome',
  'slice-grid',
  'matrix',
  'threshold',
  'brain-3d',
  'experiments-table',
  'cache-panel',
  'subregions',
  'injections',
  'help',
];

const LOWER = ['components', 'hooks', 'state', 'data', 'render', 'allen', 'lib', 'config'];

const zones = [
  // compute and protocol are leaves: pure TypeScript on typed arrays.
  {
    target: './src/compute',
    from: './src',
    except: ['./compute'],
    message: 'src/compute is pure: it may import only other compute modules.',
  },
  {
    target: './src/protocol',
    from: './src',
    except: ['./protocol', './compute', './allen'],
    message: 'src/protocol may import only compute and Allen types.',
  },
  // workers see only the worker-side backend, compute, protocol and the (DOM-free) Allen client.
  {
    target: './workers',
    from: './src',
    except: ['./backend', './compute', './protocol', './allen'],
    message: 'workers/ may import only src/backend, src/compute, src/protocol and src/allen.',
  },
  // the backend runs in the worker: no React, no main-thread data layer, no stores, no DOM code.
  {
    target: './src/backend',
    from: './src',
    except: ['./backend', './compute', './protocol', './allen'],
    message: 'src/backend runs in the worker: it may import only backend, compute, protocol and allen.',
  },
  // the main thread reaches the backend only through the worker (protocol types).
  {
    target: ['app', 'features', 'compute', 'protocol', ...LOWER].map((d) => `./src/${d}`),
    from: './src/backend',
    message: 'only the worker imports src/backend; the main thread talks to it through src/protocol.',
  },
  // renderers own the GPU and never fetch or read stores.
  { target: './src/render', from: ['./src/data', './src/state'], message: 'render never imports data or state.' },
  // lower layers never reach up into features or the app.
  ...LOWER.map((dir) => ({
    target: `./src/${dir}`,
    from: ['./src/features', './src/app'],
    message: `src/${dir} must not import features or app (imports go app → features → lower layers).`,
  })),
  { target: './src/features', from: './src/app', message: 'features must not import app.' },
  // features do not import each other.
  ...FEATURES.map((f) => ({
    target: `./src/features/${f}`,
    from: './src/features',
    except: [`./${f}`],
    message: 'features do not import each other; share through components/, hooks/ or state/.',
  })),
  // the app never imports test infrastructure.
  { target: './src', from: ['./e2e', './scripts'], message: 'src must not import e2e or scripts.' },
];

export default tseslint.config(
  {
    ignores: ['dist', 'dist-e2e', 'dist-static', 'node_modules', 'test-results', 'playwright-report', 'coverage', 'e2e/.generated', '.fake-allen-data'],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { ecmaVersion: 2022, sourceType: 'module' },
    },
    plugins: { 'import-x': importX, 'react-hooks': reactHooks },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.node.json' })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'error',
    },
  },
  {
    // compute kernels run in workers and in Node: no DOM, React, three or regl.
    files: ['src/compute/**/*.ts', 'src/protocol/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['react', 'react-dom', 'three', 'three/*', 'regl', '@react-three/*', 'idb-keyval', 'zustand', '@tanstack/*'] },
      ],
    },
  },
  {
    // no thread's start-up carries zod: the Allen row schemas (and the allen barrel, which
    // re-exports them) load with the client's JSON endpoints on their first call
    // (src/allen/lazy-client.ts, a dynamic import); zod's evaluation cost ~21–26 ms per JS context.
    // Types are free.
    files: ['src/{app,features,components,hooks,state,data,render,config,lib,backend}/**/*.{ts,tsx}', 'src/main.tsx', 'workers/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['zod', 'zod/*'],
              message: 'no zod at start-up: check link values with src/state/url-checks.ts, stored records with src/backend/metadata-record-checks.ts.',
            },
            {
              regex:
                '/allen/(index|client|envelope|experiment-rows|experiments|injection|injection-volumes|ontology-fetch|products|search-rows|seed-search|target-search|upstream)(\\.ts)?$',
              allowTypeImports: true,
              message:
                'this Allen module brings zod into start-up: import the zod-free module (experiment-filters, upstream-groups, ontology, assign-sources, …) or call the client (src/allen/lazy-client.ts loads them).',
            },
          ],
        },
      ],
    },
  },
);
