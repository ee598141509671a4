import { useState } from 'react'
import type { CardProductView } from '@jucard/shared'
import { replacePage } from '@/platform/navigation'
import { merchantAdminApi } from '../../api/merchant-admin-client'
import { shanghaiDateTime } from '../../console/business-day'
import { ConsoleCard } from '../../console/ConsoleCard'
import { ConsoleTable, type Column } from '../../console/ConsoleTable'
import { Badge, Button, Notice } from '../../console/controls'
import { RowActions } from '../../console/RowActions'
import { useRowAction, type ListNotice } from '../../console/use-row-action'
import { CARD_KIND_ZH, PRODUCT_STATUS } from '../../console/labels'
import { StatePanel } from '../../ui/StatePanel'
import { useLoad } from '../../ui/use-load'
import { ADMIN_PRODUCT_PAGE } from '../routes'
import { ClaimQrDialog } from './ClaimQrDialog'
import { tiersSummary } from './product-form'

const editUrl = (productId?: string) => (productId ? `${ADMIN_PRODUCT_PAGE}?productId=${encodeURIComponent(productId)}` : ADMIN_PRODUCT_PAGE)

/** 卡产品: what the merchant sells, with edit and 停售 (retire, after a confirmation). */
export function ProductList() {
  const products = useLoad(() => merchantAdminApi.listProducts(), [])
  const stores = useLoad(() => merchantAdminApi.listStores(), [])
  const [qrFor, setQrFor] = useState<CardProductView | null>(null)
  const [notice, setNotice] = useState<ListNotice>(null)

  const retire = useRowAction(setNotice, (product: CardProductView) => product.id, {
    confirm: (product) => ({ title: `停售「${product.name}」？`, content: '停售后顾客不能再领取这张卡；已经领取的卡照常充值和消费。停售不能撤销。', confirmText: '确认停售' }),
    act: (product) => merchantAdminApi.retireProduct(product.id),
    failed: (messageZh) => `停售没有成功：${messageZh}`,
    done(product, retired) {
      if (products.state.status === 'ready') products.set(products.state.data.map((item) => (item.id === product.id ? retired : item)))
      return `「${product.name}」已停售`
    }
  })

  const columns: Column<CardProductView>[] = [
    { header: '名称', cell: (product) => product.name, rowHeader: true },
    { header: '类型', cell: (product) => CARD_KIND_ZH[product.kind] },
    { header: '充值档位', cell: tiersSummary, wrap: true },
    { header: '状态', cell: (product) => <Badge tone={PRODUCT_STATUS[product.status].tone}>{PRODUCT_STATUS[product.status].zh}</Badge> },
    { header: '创建时间', cell: (product) => shanghaiDateTime(product.createdAt) },
    {
      header: '操作',
      cell: (product) => (
        <RowActions
          actions={[
            { label: '编辑', onClick: () => void replacePage(editUrl(product.id)) },
            product.status === 'ACTIVE' && { label: '领卡二维码', onClick: () => setQrFor(product) },
            product.status === 'ACTIVE' && { label: '停售', busyText: retire.busyId === product.id ? '正在停售…' : null, onClick: () => retire.run(product) }
          ]}
        />
      )
    }
  ]

  return (
    <ConsoleCard
      title='全部卡产品'
      actions={
        <Button variant='primary' onClick={() => void replacePage(editUrl())}>
          新建卡产品
        </Button>
      }
    >
      {notice && <Notice tone={notice.tone}>{notice.text}</Notice>}
      {qrFor && <ClaimQrDialog product={qrFor} stores={stores.state.status === 'ready' ? stores.state.data : []} onClose={() => setQrFor(null)} />}
      {products.state.status === 'loading' && <StatePanel kind='loading' text='正在加载卡产品…' />}
      {products.state.status === 'failed' && <StatePanel kind='error' text={products.state.messageZh} onRetry={() => void products.reload()} />}
      {products.state.status === 'ready' && (
        <ConsoleTable
          className='products'
          columns={columns}
          rows={products.state.data}
          rowKey={(product) => product.id}
          rowClass='products__row'
          muted={(product) => product.status === 'RETIRED'}
          emptyText='还没有卡产品。新建一张，顾客就能领卡充值了。'
        />
      )}
    </ConsoleCard>
  )
}
