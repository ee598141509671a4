import { View, Text } from '@tarojs/components'
import type { StaffRole } from '@jucard/shared'
import './staff.css'

const ROLE_ZH: Record<StaffRole, string> = { OWNER: '店主', MANAGER: '店长', CASHIER: '收银员' }

interface Props {
  merchantName: string
  staffName: string
  role: StaffRole
  onLogout: () => void
  /** Owners and managers on H5: the way to the back office. */
  onBackOffice?: () => void
}

/** Who is signed in at this till, and the way out. */
export function StaffBar({ merchantName, staffName, role, onLogout, onBackOffice }: Props) {
  return (
    <View className='staff-bar'>
      <View className='staff-bar__who'>
        <Text className='staff-bar__merchant'>{merchantName}</Text>
        <Text className='staff-bar__staff'>
          {/* an owner's account carries the shop's name from sign-up: the role alone then */}
          {staffName.trim() === '' || staffName.trim() === merchantName.trim() ? ROLE_ZH[role] : `${staffName} · ${ROLE_ZH[role]}`}
        </Text>
      </View>
      <View className='staff-bar__actions'>
        {onBackOffice && (
          <View className='staff-bar__logout staff-bar__back-office' hoverClass='staff-bar__logout--pressed' onClick={onBackOffice}>
            <Text>管理后台</Text>
          </View>
        )}
        <View className='staff-bar__logout' hoverClass='staff-bar__logout--pressed' onClick={onLogout}>
          <Text>退出登录</Text>
        </View>
      </View>
    </View>
  )
}
