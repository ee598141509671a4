export default definePageConfig({
  navigationBarTitleText: '会员码',
  navigationBarBackgroundColor: '#0f7b6c',
  navigationBarTextStyle: 'white'
})
