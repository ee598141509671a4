export default definePageConfig({
  navigationBarTitleText: '领取会员卡'
})
