// Runs before any module of a test file.
// The app branches on TARO_ENV (see src/platform/env.ts); these tests stand in for the H5 build, where the Taro
// CLI replaces it (and TARO_PLATFORM) with literals.
process.env.TARO_ENV = 'h5';
process.env.TARO_PLATFORM = 'web';
// @tarojs/taro-h5 → @tarojs/api → @tarojs/runtime (CommonJS build) reads the mini-program runtime flags that
// Taro's webpack DefinePlugin normally supplies; without them it throws "ENABLE_INNER_HTML is not defined".
// Values: Taro's own defaults (webpack5-runner MiniWebpackPlugin).
Object.assign(globalThis, {
  ENABLE_INNER_HTML: true,
  ENABLE_ADJACENT_HTML: false,
  ENABLE_SIZE_APIS: false,
  ENABLE_TEMPLATE_CONTENT: false,
  ENABLE_CLONE_NODE: false,
  ENABLE_CONTAINS: false,
  ENABLE_MUTATION_OBSERVER: false,
});
