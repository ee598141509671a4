export default definePageConfig({
  navigationBarTitleText: '结算单'
})
