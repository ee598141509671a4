import { AdminPage } from '@/features/merchant-admin/AdminPage'
import { ProductList } from '@/features/merchant-admin/products/ProductList'
import { ADMIN_PRODUCTS_PAGE } from '@/features/merchant-admin/routes'

export default function AdminProducts() {
  return (
    <AdminPage current={ADMIN_PRODUCTS_PAGE} title='卡产品'>
      {() => <ProductList />}
    </AdminPage>
  )
}
