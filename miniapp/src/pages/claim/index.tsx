import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { consumerApi, failureCode, failureMessageZh } from '@/features/api'
import { BigButton } from '@/features/ui/BigButton'
import { Loading, StatePanel } from '@/features/ui/StatePanel'
import { useLoad } from '@/features/ui/use-load'
import { CardFaceImages } from '@/features/wallet/CardFaceImages'
import { CONTRACT_NOT_AGREED, ContractConsent } from '@/features/wallet/ContractConsent'
import { coverClass } from '@/features/wallet/CardTile'
import { ProductTerms } from '@/features/wallet/ProductTerms'
import { cardPage, claimPage, loginPage } from '@/features/wallet/routes'
import { replacePage } from '@/platform/navigation'
import { claimEntryOf } from '@/platform/claim-entry'
import { usePageParams } from '@/platform/page'

import '@/features/wallet/wallet.css'
import './index.css'

/** A merchant's claim link or QR: what the card offers, its rules, its 章程 to accept, and 领取. */
export default function Claim() {
  const params = usePageParams('token', 'store', 'scene')
  // the H5 link's ?token=, or the mini-program code's scene
  const { token } = claimEntryOf(params)
  const product = useLoad(() => consumerApi.previewClaim(token), [token])
  const [claim, setClaim] = useState<{ status: 'idle' } | { status: 'claiming' } | { status: 'failed'; messageZh: string }>({ status: 'idle' })
  const [agreed, setAgreed] = useState(false)

  async function take() {
    if (product.state.status !== 'ready') return
    const offered = product.state.data
    if (offered.contract && !agreed) return setClaim({ status: 'failed', messageZh: CONTRACT_NOT_AGREED })
    if (!(await consumerApi.hasSession())) {
      await replacePage(loginPage(claimPage(token)))
      return
    }
    setClaim({ status: 'claiming' })
    const result = await consumerApi.claimCard(token, offered.contract?.version)
    if (result.ok) {
      await replacePage(cardPage(result.data.id))
      return
    }
    if (failureCode(result.failure) === 'CARD_ALREADY_CLAIMED') {
      const mine = await consumerApi.listCards()
      const held = mine.ok ? mine.data.find((card) => card.productId === offered.id) : undefined
      if (held) return replacePage(cardPage(held.id))
    }
    setClaim({ status: 'failed', messageZh: failureMessageZh(result.failure) })
  }

  if (!token) return <StatePanel kind='error' text='领卡链接不完整，请重新扫描商户的二维码' />
  if (product.state.status !== 'ready') return <Loading load={product} text='正在打开会员卡…' />
  const view = product.state.data

  return (
    <View className='claim screen'>
      <View className={`claim__cover card-cover ${coverClass(view.coverStyle)}`}>
        <CardFaceImages logoUrl={view.logoUrl} coverUrl={view.coverUrl} />
        <Text className='claim__merchant'>{view.merchantName}</Text>
        <Text className='claim__name'>{view.name}</Text>
        <Text className='claim__kind'>{view.kind === 'NAMED' ? '记名卡 · 可挂失' : '不记名卡'}</Text>
      </View>
      <View className='panel'>
        <Text className='panel__title'>充值优惠</Text>
        <ProductTerms product={view} />
      </View>
      {view.contract && (
        <View className='panel'>
          <Text className='panel__title'>领卡前请阅读</Text>
          <ContractConsent terms={view.contract} agreed={agreed} onChange={setAgreed} />
        </View>
      )}
      {claim.status === 'failed' && <Text className='claim__error'>{claim.messageZh}</Text>}
      {view.status === 'ACTIVE' ? (
        <BigButton className='claim__take' busyText={claim.status === 'claiming' ? '正在领取…' : null} onClick={() => void take()}>
          领取
        </BigButton>
      ) : (
        <StatePanel kind='empty' text='这张会员卡已停止发放' />
      )}
    </View>
  )
}
