import { View, Text } from '@tarojs/components'
import { AgreementConsent } from '@/features/account/AgreementConsent'
import { PhoneLoginForm } from '@/features/account/PhoneLoginForm'
import { useConsumerLogin } from '@/features/account/use-consumer-login'
import { BigButton } from '@/features/ui/BigButton'
import { IS_H5 } from '@/platform/env'
import { usePageParams } from '@/platform/page'

// the page's own copy of the shared screen styles: opened or reloaded directly it loads no other page's CSS
import '@/features/wallet/wallet.css'
import './index.css'

/** Sign-in: phone + texted code in a browser, one tap with WeChat in the mini-program; 用户协议 and 隐私政策 agreed first. */
export default function Login() {
  const { back } = usePageParams('back')
  const login = useConsumerLogin(back)

  return (
    <View className='login screen'>
      <Text className='login__brand'>聚卡</Text>
      <Text className='login__tagline'>常去的店，会员卡都在这里</Text>
      {IS_H5 ? (
        <PhoneLoginForm login={login} />
      ) : (
        <View className='login__wechat'>
          {login.step.status === 'failed' && <Text className='login__error'>{login.step.messageZh}</Text>}
          <BigButton busyText={login.step.status === 'busy' ? login.step.textZh : null} onClick={() => void login.loginWithWechat()}>
            微信一键登录
          </BigButton>
        </View>
      )}
      <AgreementConsent agreed={login.agreed} onChange={login.setAgreed} />
    </View>
  )
}
