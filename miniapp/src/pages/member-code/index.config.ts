export default definePageConfig({
  navigationBarTitleText: '会员码',
  navigationBarBackgroundColor: '#0f7b6c',
  navigationBarTextStyle: 'white',
  // weapp draws the code with a native canvas component; H5 renders <LiveCode> and ignores this
  usingComponents: {
    'member-code': '../../native-components/member-code/index'
  }
})
