export default definePageConfig({
  navigationBarTitleText: '风控审核'
})
