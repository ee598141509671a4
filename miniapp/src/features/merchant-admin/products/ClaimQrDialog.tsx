import { useEffect, useState } from 'react'
import type { CardProductView, StoreView } from '@jucard/shared'
import { claimLink, printPage } from '@/platform/claim-entry'
import { useCopy } from '@/platform/clipboard'
import { qrDataUrl } from '../../member-code/qr'
import { Dialog } from '../../console/Dialog'
import { Button, Notice, SelectField } from '../../console/controls'
import './products.css'

/** 领卡二维码: the product's claim link and a printable QR, for the whole merchant or one store. */
export function ClaimQrDialog({ product, stores, onClose }: { product: CardProductView; stores: StoreView[]; onClose: () => void }) {
  const [storeId, setStoreId] = useState('')
  const [qr, setQr] = useState<{ status: 'drawing' } | { status: 'failed' } | { status: 'ready'; url: string }>({ status: 'drawing' })
  const { copied, copy } = useCopy()
  const link = claimLink(product.claimToken, storeId || undefined)
  const store = stores.find((s) => s.id === storeId)

  useEffect(() => {
    let live = true
    setQr({ status: 'drawing' })
    void qrDataUrl(link).then(
      (url) => live && setQr({ status: 'ready', url }),
      () => live && setQr({ status: 'failed' })
    )
    return () => {
      live = false
    }
  }, [link])

  return (
    <Dialog title={`「${product.name}」领卡二维码`} onClose={onClose}>
      <SelectField
        label='张贴在'
        value={storeId}
        options={[{ value: '', label: '所有门店通用' }, ...stores.map((s) => ({ value: s.id, label: s.name }))]}
        onChange={setStoreId}
      />
      <div className='claim-qr__print' aria-live='polite'>
        <p className='claim-qr__merchant'>{product.merchantName}</p>
        <p className='claim-qr__name'>{product.name}</p>
        {qr.status === 'failed' ? (
          <p className='claim-qr__wait'>二维码没有生成出来，请关闭后再试；也可以先复制下面的链接</p>
        ) : qr.status === 'ready' ? (
          <img className='claim-qr__image' src={qr.url} alt={`${product.name}的领卡二维码`} />
        ) : (
          <p className='claim-qr__wait'>正在生成二维码…</p>
        )}
        <p className='claim-qr__hint'>微信扫一扫，领取会员卡{store ? ` · ${store.name}` : ''}</p>
      </div>
      <p className='claim-qr__link' aria-label='领卡链接'>
        {link}
      </p>
      {product.status !== 'ACTIVE' && <Notice tone='error'>这张卡已停售，扫码的顾客会看到“已停止发放”。</Notice>}
      {copied === 'done' && <Notice tone='success'>链接已复制，可以发给顾客</Notice>}
      {copied === 'failed' && <Notice tone='error'>浏览器不允许复制，请手动选中上面的链接复制</Notice>}
      <div className='console-dialog__actions'>
        <Button variant='plain' onClick={onClose}>
          关闭
        </Button>
        <Button onClick={() => void copy(link)}>复制链接</Button>
        <Button variant='primary' disabled={qr.status !== 'ready'} onClick={printPage}>
          打印二维码
        </Button>
      </div>
    </Dialog>
  )
}
