import { View } from '@tarojs/components'
import { consumerApi } from '@/features/api'
import { RealNameDone, RealNameForm } from '@/features/real-name/RealNameForm'
import { useRealNameSubmit } from '@/features/real-name/use-real-name'
import { BigButton } from '@/features/ui/BigButton'
import { Loading } from '@/features/ui/StatePanel'
import { useLoad } from '@/features/ui/use-load'
import { WALLET_PAGE } from '@/features/wallet/routes'
import { goBack } from '@/platform/navigation'
import { usePageParams } from '@/platform/page'

import '@/features/wallet/wallet.css'

/** Where 实名 was asked for, said on the way back: a top-up, a friend's card, or nothing in particular. */
function continueZh(back: string | undefined): string {
  if (!back) return '返回'
  if (back.startsWith('/pages/gift-claim/')) return '继续领取好友的卡'
  if (back.startsWith('/pages/topup/')) return '继续充值'
  return '继续'
}

/** 实名认证: reached from a refused top-up or gift claim (`back` = that page, returned to) or from a named card's page. */
export default function RealName() {
  const { back } = usePageParams('back')
  const status = useLoad(() => consumerApi.getRealName(), [])
  const submit = useRealNameSubmit((view) => status.set(view))

  if (status.state.status !== 'ready') return <Loading load={status} text='正在查询实名状态…' />
  const view = status.state.data
  return (
    <View className='real-name-page screen'>
      {view.verified ? <RealNameDone maskedName={view.maskedName} maskedIdNo={view.maskedIdNo} /> : <RealNameForm submit={submit} />}
      {view.verified && (
        <BigButton className='real-name__continue' onClick={() => void goBack(back || WALLET_PAGE)}>
          {continueZh(back)}
        </BigButton>
      )}
    </View>
  )
}
