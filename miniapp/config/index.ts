import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'

/**
 * The workspace package @jucard/shared is consumed as TypeScript source:
 * Taro only runs babel on src/ unless a folder is listed in compile.include,
 * and the alias below (mirrored by "paths" in tsconfig.json) points the import at it.
 */
const sharedSrc = path.resolve(__dirname, '../../shared/src')

// weapp and h5 builds live side by side: dist/weapp, dist/h5. The browser tests build into a folder of
// their own (TARO_OUTPUT_ROOT), so a test run never serves files another build is replacing.
const outputRoot = process.env.TARO_OUTPUT_ROOT || `dist/${process.env.TARO_ENV}`

// https://docs.taro.zone/docs/config
export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'jucard-miniapp',
    date: '2026-11-25',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2
    },
    sourceRoot: 'src',
    outputRoot,
    plugins: [],
    alias: {
      '@': path.resolve(__dirname, '../src'),
      '@jucard/shared': sharedSrc
    },
    defineConstants: {},
    // where the mini-program finds the BFF (H5 ignores it: the BFF serves the H5 app, so it calls its own origin)
    env: {
      TARO_APP_API_BASE: JSON.stringify(process.env.TARO_APP_API_BASE ?? 'http://127.0.0.1:3000')
    },
    copy: {
      // Native mini-program components (the member-code canvas) go into the weapp package under the same output
      // root as the build. Their JS is not copied: Taro bundles index.js from the page's usingComponents (so
      // `require('qrcode')` resolves); a raw copy of the helper modules would ship an unresolvable require.
      patterns:
        process.env.TARO_ENV === 'weapp'
          ? [{ from: 'src/native-components/', to: `${outputRoot}/native-components/`, ignore: ['**/*.js'] }]
          : [],
      options: {}
    },
    framework: 'react',
    compiler: 'webpack5',
    cache: {
      enable: false // https://docs.taro.zone/docs/config-detail#cache
    },
    mini: {
      compile: {
        include: [sharedSrc]
      },
      postcss: {
        pxtransform: {
          enable: true,
          config: {}
        },
        cssModules: {
          enable: false
        }
      }
    },
    h5: {
      // the BFF serves the built app under /app/ (hash router, so every page is /app/#/...)
      publicPath: '/app/',
      staticDirectory: 'static',
      compile: {
        include: [sharedSrc]
      },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js'
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css'
      },
      postcss: {
        autoprefixer: {
          enable: true,
          config: {}
        },
        cssModules: {
          enable: false
        }
      }
    }
  }

  if (process.env.NODE_ENV === 'development') {
    // local development build: no minification
    return merge({}, baseConfig, devConfig)
  }
  // production build: minified
  return merge({}, baseConfig, prodConfig)
})
