// React Testing Library tests of consumer components and pages on Taro's H5 runtime (STYLE 19).
// Run alone: `npx jest -c miniapp/jest.rtl.config.js`; the root jest.config.js lists this file as a project.
//  - @tarojs/taro       → @tarojs/taro-h5 (what the H5 build aliases it to)
//  - @tarojs/components → @tarojs/components-react: Taro's own H5 React components (plain DOM: <div>, <input>).
//    The H5 build itself uses the Stencil web components (@tarojs/components/lib/react) unless
//    h5.useHtmlComponents is set; those need custom elements that jsdom does not render (no inner <input>).
//  - Taro/WeChat calls are mocked at src/platform/* only (see test/rtl/support/fake-platform.ts).
const path = require('node:path');

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  displayName: 'rtl',
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/test/rtl/**/*.spec.tsx'],
  setupFiles: ['<rootDir>/test/rtl/support/setup-env.js'],
  setupFilesAfterEnv: ['@testing-library/jest-dom'],
  transform: { '^.+\\.(t|j|mj)sx?$': swc },
  // Taro ships its H5 components and runtime as ES modules: let swc turn them into CommonJS too
  transformIgnorePatterns: ['/node_modules/(?!(@tarojs|@stencil|classnames|tslib|query-string|decode-uri-component|filter-obj|split-on-first|nanoid|style-inject|\\.pnpm)/)'],
  // first match wins: stylesheets before the '@/' alias, so '@/features/x.css' is stubbed too
  moduleNameMapper: {
    '\\.(css|scss|sass|less)$': '<rootDir>/test/rtl/support/style-stub.js',
    '^@jucard/shared$': path.join(__dirname, '../shared/src/index.ts'),
    '^@/(.*)$': '<rootDir>/src/$1',
    '^@tarojs/taro$': '@tarojs/taro-h5',
    // lodash-es is ESM only; Taro's H5 APIs use a few functions of it. Same functions, CommonJS:
    '^lodash-es$': 'lodash',
    '^lodash-es/(.*)$': 'lodash/$1',
    '^@tarojs/components$': '<rootDir>/test/rtl/support/taro-components.js',
  },
  moduleFileExtensions: ['tsx', 'ts', 'js', 'mjs', 'jsx', 'json'],
};
