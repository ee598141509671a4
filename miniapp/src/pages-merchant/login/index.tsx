import { View } from '@tarojs/components'
import { LoginForm } from '@/features/staff/LoginForm'
import { useStaffLogin } from '@/features/staff/use-staff-login'

import './index.css'

/** Staff sign-in; a device that is still signed in goes straight to the till. */
export default function MerchantLogin() {
  const login = useStaffLogin()

  return (
    <View className='merchant-login'>
      <LoginForm state={login.state} onSubmit={(username, password) => void login.login(username, password)} />
    </View>
  )
}
