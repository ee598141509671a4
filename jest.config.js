// One Jest config, five projects (tiers). `npm test` runs them all; `npm run check` runs the unit tier only.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const base = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // NestJS 12 ships ESM only; let swc turn it into CommonJS for Jest on Node 20.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|file-type|strtok3|token-types|uint8array-extras|@tokenizer|@borewit)/)'],
  // file-type exports only import/module-sync conditions (Node loads it through require(esm)); Jest needs the path
  // bff/src/metadata.ts imports './x.js' as nodenext wants of the built app; Jest resolves it to the .ts source
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1', '^@jucard/shared$': '<rootDir>/shared/src/index.ts', '^file-type$': '<rootDir>/node_modules/file-type/index.js' },
  rootDir: __dirname,
};

module.exports = {
  projects: [
    // React Testing Library on Taro's H5 components, platform/ mocked (its own config: jsdom, tsx, Taro mappings)
    '<rootDir>/miniapp/jest.rtl.config.js',
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/shared/src/**/*.spec.ts', '<rootDir>/bff/src/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/bff/test/integration/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/bff/test/support/global-setup.ts',
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/bff/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/bff/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/bff/test/support/global-teardown.ts',
    },
    {
      // native mini-program components (miniapp/src/native-components) in miniprogram-simulate, which needs a DOM
      ...base,
      displayName: 'miniprogram',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/miniapp/test/native/**/*.test.js'],
    },
    {
      ...base,
      displayName: 'browser',
      testMatch: ['<rootDir>/miniapp/test/**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/miniapp/test/support/global-setup.ts',
    },
  ],
};
