export default definePageConfig({
  navigationBarTitleText: '冻结'
})
