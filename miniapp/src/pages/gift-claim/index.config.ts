export default definePageConfig({
  navigationBarTitleText: '领取好友转赠'
})
