import { View, Text } from '@tarojs/components'
import type { StaffRole } from '@jucard/shared'
import './staff.css'

const ROLE_ZH: Record<StaffRole, string> = { OWNER: '店主', MANAGER: '店长', CASHIER: '收银员' }

/** Who is signed in at this till, and the way out. */
export function StaffBar({ merchantName, staffName, role, onLogout }: { merchantName: string; staffName: string; role: StaffRole; onLogout: () => void }) {
  return (
    <View className='staff-bar'>
      <View className='staff-bar__who'>
        <Text className='staff-bar__merchant'>{merchantName}</Text>
        <Text className='staff-bar__staff'>
          {staffName} · {ROLE_ZH[role]}
        </Text>
      </View>
      <View className='staff-bar__logout' hoverClass='staff-bar__logout--pressed' onClick={onLogout}>
        <Text>退出登录</Text>
      </View>
    </View>
  )
}
