import { useState } from 'react'
import { View } from '@tarojs/components'
import { AgreementList, ProfileCard } from '@/features/account/ProfilePanel'
import { consumerApi } from '@/features/api'
import { BigButton } from '@/features/ui/BigButton'
import { StatePanel } from '@/features/ui/StatePanel'
import { useLoad } from '@/features/ui/use-load'
import { LOGIN_PAGE } from '@/features/wallet/routes'
import { confirmDialog } from '@/platform/dialog'
import { restartAt } from '@/platform/navigation'

import '@/features/wallet/wallet.css'
import '@/features/account/account.css'

/** 我的: who is signed in, the agreements, and signing out. */
export default function Account() {
  const profile = useLoad(() => consumerApi.getProfile())
  const [leaving, setLeaving] = useState(false)

  async function logout() {
    const sure = await confirmDialog({ title: '退出登录', content: '退出后需要重新验证手机号才能查看会员卡，卡内余额不受影响。', confirmText: '退出' })
    if (!sure) return
    setLeaving(true)
    await consumerApi.logout()
    await restartAt(LOGIN_PAGE)
  }

  return (
    <View className='screen account'>
      {profile.state.status === 'loading' && <StatePanel kind='loading' text='正在加载…' />}
      {profile.state.status === 'failed' && <StatePanel kind='error' text={profile.state.messageZh} onRetry={() => void profile.reload()} />}
      {profile.state.status === 'ready' && <ProfileCard profile={profile.state.data} />}
      <AgreementList />
      <BigButton variant='secondary' className='account__logout' busyText={leaving ? '正在退出…' : null} onClick={() => void logout()}>
        退出登录
      </BigButton>
    </View>
  )
}
