import { View, Text } from '@tarojs/components'
import { openPage } from '@/platform/navigation'
import { consumerApi } from '../api'
import { useLoad } from '../ui/use-load'
import { realNamePage } from '../wallet/routes'
import './real-name.css'

/** On a named card: 已实名 with the masked number, or the way to 实名认证. Says nothing while it cannot tell. */
export function RealNameStatusLine() {
  const status = useLoad(() => consumerApi.getRealName(), [])
  if (status.state.status !== 'ready') return null
  const view = status.state.data
  if (view.verified) {
    return (
      <View className='real-name-status real-name-status--verified'>
        <Text>已实名</Text>
        <Text className='real-name-status__id'>{view.maskedIdNo}</Text>
      </View>
    )
  }
  return (
    <View className='real-name-status real-name-status--missing' onClick={() => void openPage(realNamePage())}>
      <Text>未实名，充值前需完成实名认证</Text>
      <Text className='real-name-status__link'>去认证</Text>
    </View>
  )
}
