export default definePageConfig({
  navigationBarTitleText: '卡产品'
})
