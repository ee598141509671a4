/**
 * Small words of the back office: who is signed in (an owner's account carries the shop's name from sign-up), and the
 * product page's title, which says 新建 for a new product.
 */
import './support/platform-mocks'
import { render } from '@testing-library/react'
import { signedInLabel } from '@/features/console/labels'
import AdminProduct from '@/pages-admin/product/index'
import { fakeBff, page, pageParams, storage } from './support/fake-platform'


test.each([
  ['莲花健身', '莲花健身', 'OWNER', '莲花健身 · 店主'],
  ['莲花健身', ' 莲花健身 ', 'OWNER', '莲花健身 · 店主'],
  ['莲花健身', '林小莲', 'MANAGER', '莲花健身 · 林小莲（店长）']
] as const)('names %s / %s (%s) as "%s"', (merchant, staff, role, label) => {
  expect(signedInLabel(merchant, staff, role)).toBe(label)
})

test.each([
  ['', '新建卡产品'],
  ['p-1', '编辑卡产品']
])('titles the product page with productId "%s" as %s', async (productId, title) => {
  fakeBff.reset({ signedIn: false })
  await storage.setItem('jucard.merchant.session', { accessToken: 'a', refreshToken: 'r', accessExpiresAt: Date.now() + 3600_000 })
  pageParams.productId = productId
  page.usePageTitle.mockClear()
  render(<AdminProduct />)
  expect(page.usePageTitle).toHaveBeenCalledWith(title)
})
