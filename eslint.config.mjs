// One flat config for the repo: type-aware typescript-eslint over the BFF, shared, the mini-program and scripts.
// `npm run lint` runs it; `npm test` and `npm run check` run it as their lint tier.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Each tsconfig gives the type information for its files; the first that lists a file wins.
const project = [
  'bff/test/tsconfig.json', // bff/src (with its specs) and bff/test
  'shared/tsconfig.spec.json',
  'miniapp/test/tsconfig.json', // miniapp/src and the RTL specs
  'miniapp/test/tsconfig.browser.json',
  'scripts/tsconfig.json',
];

export default tseslint.config(
  {
    ignores: ['**/node_modules/', '**/dist/', '**/coverage/', '.data/', 'miniapp/config/', 'miniapp/babel.config.js', 'jest.config.js', 'miniapp/jest.rtl.config.js'],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // STYLE 18: every promise is awaited, returned or explicitly voided, and never handed to a callback
      // that ignores it (an Express handler, an event listener, setTimeout).
      // node:test's describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      // `const { secret, ...rest } = row` is how a field is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // `catch {} // why` is how a best-effort step says so.
      'no-empty': ['error', { allowEmptyCatch: true }],
      // A callback's own error is passed on as it came (autocannon, http): it is an Error, just typed any.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      // Response bodies (supertest, fetch().json(), raw SQL rows) are `any` by design at the edges; the
      // no-unsafe-* family would flag every read of one without finding bugs.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // An async method that implements a Promise-returning interface without awaiting is normal (fakes,
      // adapters); no-floating-promises guards the real risk.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Plain-Node scripts: JavaScript, typed through JSDoc where a file opts in with // @ts-check.
    files: ['**/*.mjs', '**/*.js'],
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Jest specs: `expect(mock.method)` passes a method unbound on purpose.
    files: ['**/*.spec.ts', '**/*.spec.tsx', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.browser-spec.ts', 'bff/test/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      // jest.mock factories are hoisted above the imports, so they can only `require` the fake they return.
      '@typescript-eslint/no-require-imports': ['error', { allow: ['/support/'] }],
    },
  },
  {
    // Plain CommonJS helpers outside every tsconfig: lint them without type information.
    files: ['bff/test/support/*.js', 'miniapp/test/native/**/*.js', 'miniapp/test/rtl/support/*.js', 'eslint.config.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['miniapp/test/native/**/*.js'],
    languageOptions: { globals: { ...globals.jest, ...globals.browser } },
  },
  {
    // Native mini-program components run in WeChat's own runtime, with its globals.
    files: ['miniapp/src/native-components/**/*.js'],
    languageOptions: { globals: { wx: 'readonly', Component: 'readonly', Behavior: 'readonly', getApp: 'readonly' } },
  },
  {
    files: ['miniapp/src/**/*.{ts,tsx}', 'miniapp/test/rtl/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
