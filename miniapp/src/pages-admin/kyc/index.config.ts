export default definePageConfig({
  navigationBarTitleText: '商户资料'
})
