// `@tarojs/components` for the RTL tests: Taro's H5 React components (@tarojs/components-react, the ones the
// H5 build uses with `h5.useHtmlComponents`), which render plain DOM (<div>, <span>, <img>, <input>).
// Imported one by one: the package index re-exports every other component from the Stencil web-component
// library (@tarojs/components/lib/react), which drags in Swiper, the whole H5 API and the router.
module.exports = {
  View: require('@tarojs/components-react/dist/components/view/index.js').default,
  Text: require('@tarojs/components-react/dist/components/text/index.js').default,
  Image: require('@tarojs/components-react/dist/components/image/index.js').default,
  Input: require('@tarojs/components-react/dist/components/input/index.js').default,
  ScrollView: require('@tarojs/components-react/dist/components/scroll-view/index.js').default,
  Icon: require('@tarojs/components-react/dist/components/icon/index.js').default,
};
