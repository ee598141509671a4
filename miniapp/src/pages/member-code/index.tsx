import { useCallback } from 'react'
import { View, Text } from '@tarojs/components'
import { CodeUsed, LiveCode } from '@/features/member-code/MemberCode'
import { useMemberCode } from '@/features/member-code/use-member-code'
import { StatePanel } from '@/features/ui/StatePanel'
import { usePageParams, useReturnToForeground } from '@/platform/page'
import { useBrightScreen, useScreenshotListener } from '@/platform/screen'

import './index.css'

/** The live member code of one card, shown to the cashier. */
export default function MemberCodePage() {
  const { cardId } = usePageParams('cardId')
  const code = useMemberCode(cardId)
  useBrightScreen()
  // a code seen by someone else (screenshot) or left on screen in the background gets replaced at once
  const { refresh } = code
  // a stable listener (the hook subscribes again whenever it changes) that drops refresh's promise
  const refreshOnScreenshot = useCallback(() => void refresh(), [refresh])
  useScreenshotListener(refreshOnScreenshot)
  useReturnToForeground(
    () => {
      if (code.screen.status !== 'used') void code.refresh()
    },
    () => code.pause()
  )

  return (
    <View className='member-code-page'>
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
      <Text className='member-code-page__note'>付款时出示，收银员扫码后余额自动扣减</Text>
    </View>
  )
}
