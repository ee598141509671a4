import { usePageParams, usePageTitle } from '@/platform/page'
import { AdminPage } from '@/features/merchant-admin/AdminPage'
import { ProductEditor } from '@/features/merchant-admin/products/ProductForm'
import { ADMIN_PRODUCTS_PAGE } from '@/features/merchant-admin/routes'

/** `?productId=` edits that product; without it, a new one. */
export default function AdminProduct() {
  const { productId } = usePageParams('productId')
  const title = productId ? '编辑卡产品' : '新建卡产品'
  usePageTitle(title)
  return (
    <AdminPage current={ADMIN_PRODUCTS_PAGE} title={title}>
      {({ merchant }) => <ProductEditor productId={productId} merchantName={merchant.displayName} />}
    </AdminPage>
  )
}
