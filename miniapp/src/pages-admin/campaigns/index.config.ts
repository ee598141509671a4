export default definePageConfig({
  navigationBarTitleText: '充值活动'
})
