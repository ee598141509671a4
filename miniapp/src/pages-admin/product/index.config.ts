export default definePageConfig({
  navigationBarTitleText: '编辑卡产品'
})
