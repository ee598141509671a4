export default definePageConfig({
  navigationBarTitleText: '交易凭证'
})
