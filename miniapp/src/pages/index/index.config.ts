export default definePageConfig({
  navigationBarTitleText: '聚卡'
})
