export default definePageConfig({
  navigationBarTitleText: '季度报表'
})
