import { useCallback, useEffect, useState } from 'react'
import { View, Text } from '@tarojs/components'
import { canCardMoveMoney } from '@jucard/shared'
import { consumerApi } from '@/features/api'
import { CardSwitcher } from '@/features/member-code/CardSwitcher'
import { CodeUsed, LiveCode } from '@/features/member-code/MemberCode'
import { useMemberCode } from '@/features/member-code/use-member-code'
import { ReceiptOptIn } from '@/features/receipts/ReceiptOptIn'
import { useReceiptSubscription } from '@/features/receipts/use-receipt-subscription'
import { StatePanel } from '@/features/ui/StatePanel'
import { useLoad } from '@/features/ui/use-load'
import { topUpPage } from '@/features/wallet/routes'
import { openPage } from '@/platform/navigation'
import { usePageParams, useReturnToForeground } from '@/platform/page'
import { useBrightScreen, useScreenshotListener } from '@/platform/screen'

import './index.css'

/** The live member code of one card, shown to the cashier, with the card it pays from and a way to switch. */
export default function MemberCodePage() {
  const params = usePageParams('cardId')
  // the card picked on this page, else the one it was opened for
  const [picked, setPicked] = useState<string | null>(null)
  const cardId = picked ?? params.cardId
  const code = useMemberCode(cardId)
  const cards = useLoad(() => consumerApi.listCards(), [])
  // a sale's receipt by WeChat: asked for here, where the sale happens (H5 gets SMS)
  const receipts = useReceiptSubscription('BALANCE_CHANGE')
  useBrightScreen()
  // a code seen by someone else (screenshot) or left on screen in the background gets replaced at once
  const { refresh } = code
  // a stable listener (the hook subscribes again whenever it changes) that drops refresh's promise
  const refreshOnScreenshot = useCallback(() => void refresh(), [refresh])
  useScreenshotListener(refreshOnScreenshot)
  useReturnToForeground(
    () => {
      if (code.screen.status !== 'used') void code.refresh()
      void cards.reload()
    },
    () => code.pause()
  )
  // after a sale the header's balance is the new one
  const { reload: reloadCards } = cards
  useEffect(() => {
    if (code.screen.status === 'used') void reloadCards()
  }, [code.screen.status, reloadCards])

  const list = cards.state.status === 'ready' ? cards.state.data : []
  const card = list.find((c) => c.id === cardId)
  const others = list.filter((c) => c.id !== cardId && canCardMoveMoney(c.status))

  return (
    <View className='member-code-page'>
      {card && <CardSwitcher card={card} others={others} onSwitch={setPicked} onTopUp={() => void openPage(topUpPage(card.id))} />}
      {code.screen.status === 'loading' && <StatePanel kind='loading' text='正在生成会员码…' />}
      {code.screen.status === 'failed' && <StatePanel kind='error' text={code.screen.messageZh} onRetry={() => void code.refresh()} />}
      {code.screen.status === 'showing' &&
        (process.env.TARO_ENV === 'weapp' ? (
          // weapp: the native canvas component (QR + Code128), see src/native-components/member-code
          <member-code
            numeric-code={code.screen.code.numericCode}
            qr-payload={code.screen.code.qrPayload}
            expires-at={new Date(code.screen.expiresAtMs).toISOString()}
            state='ACTIVE'
            onRefresh={() => void code.refresh()}
            onTapcode={() => void code.refresh()}
          />
        ) : (
          <LiveCode code={code.screen.code} qr={code.screen.qr} secondsLeft={code.secondsLeft} onRefresh={() => void code.refresh()} />
        ))}
      {code.screen.status === 'used' && <CodeUsed redemption={code.screen.redemption} onAgain={() => void code.refresh()} />}
      {code.screen.status === 'showing' && <ReceiptOptIn state={receipts.state} onAsk={() => void receipts.ask()} />}
      <Text className='member-code-page__note'>付款时出示，收银员扫码后余额自动扣减</Text>
    </View>
  )
}
