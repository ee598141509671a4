export default definePageConfig({
  navigationBarTitleText: '日终'
})
