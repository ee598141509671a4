import { useState } from 'react'
import type { CardProductView } from '@jucard/shared'
import { confirmDialog } from '@/platform/dialog'
import { replacePage } from '@/platform/navigation'
import { failureMessageZh } from '../../api'
import { merchantAdminApi } from '../../api/merchant-admin-client'
import { shanghaiDateTime } from '../../console/business-day'
import { Badge, Button, Notice } from '../../console/controls'
import { CARD_KIND_ZH, PRODUCT_STATUS } from '../../console/labels'
import { StatePanel } from '../../ui/StatePanel'
import { useLoad } from '../../ui/use-load'
import { ADMIN_PRODUCT_PAGE } from '../routes'
import { tiersSummary } from './product-form'

const editUrl = (productId?: string) => (productId ? `${ADMIN_PRODUCT_PAGE}?productId=${encodeURIComponent(productId)}` : ADMIN_PRODUCT_PAGE)

/** 卡产品: what the merchant sells, with edit and 停售 (retire, after a confirmation). */
export function ProductList() {
  const products = useLoad(() => merchantAdminApi.listProducts(), [])
  const [retiring, setRetiring] = useState<string | null>(null)
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null)

  async function retire(product: CardProductView) {
    const confirmed = await confirmDialog({
      title: `停售「${product.name}」？`,
      content: '停售后顾客不能再领取这张卡；已经领取的卡照常充值和消费。停售不能撤销。',
      confirmText: '确认停售'
    })
    if (!confirmed) return
    setRetiring(product.id)
    const result = await merchantAdminApi.retireProduct(product.id)
    setRetiring(null)
    if (!result.ok) {
      setNotice({ tone: 'error', text: `停售没有成功：${failureMessageZh(result.failure)}` })
      return
    }
    setNotice({ tone: 'success', text: `「${product.name}」已停售` })
    if (products.state.status === 'ready') products.set(products.state.data.map((item) => (item.id === product.id ? result.data : item)))
  }

  return (
    <section className='console-card'>
      <div className='console-card__head'>
        <h2 className='console-card__title'>全部卡产品</h2>
        <Button variant='primary' onClick={() => void replacePage(editUrl())}>
          新建卡产品
        </Button>
      </div>
      {notice && <Notice tone={notice.tone}>{notice.text}</Notice>}
      {products.state.status === 'loading' && <StatePanel kind='loading' text='正在加载卡产品…' />}
      {products.state.status === 'failed' && <StatePanel kind='error' text={products.state.messageZh} onRetry={() => void products.reload()} />}
      {products.state.status === 'ready' && products.state.data.length === 0 && <StatePanel kind='empty' text='还没有卡产品。新建一张，顾客就能领卡充值了。' />}
      {products.state.status === 'ready' && products.state.data.length > 0 && (
        <div className='console-table-wrap'>
          <table className='console-table products'>
            <thead>
              <tr>
                <th scope='col'>名称</th>
                <th scope='col'>类型</th>
                <th scope='col'>充值档位</th>
                <th scope='col'>状态</th>
                <th scope='col'>创建时间</th>
                <th scope='col'>操作</th>
              </tr>
            </thead>
            <tbody>
              {products.state.data.map((product) => (
                <tr key={product.id} className={`products__row${product.status === 'RETIRED' ? ' console-table__row--muted' : ''}`}>
                  <th scope='row'>{product.name}</th>
                  <td>{CARD_KIND_ZH[product.kind]}</td>
                  <td className='console-table__wrap'>{tiersSummary(product)}</td>
                  <td>
                    <Badge tone={PRODUCT_STATUS[product.status].tone}>{PRODUCT_STATUS[product.status].zh}</Badge>
                  </td>
                  <td>{shanghaiDateTime(product.createdAt)}</td>
                  <td>
                    <div className='console-actions'>
                      <Button variant='plain' onClick={() => void replacePage(editUrl(product.id))}>
                        编辑
                      </Button>
                      {product.status === 'ACTIVE' && (
                        <Button variant='plain' busyText={retiring === product.id ? '正在停售…' : null} onClick={() => void retire(product)}>
                          停售
                        </Button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
