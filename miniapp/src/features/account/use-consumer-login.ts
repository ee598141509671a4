import { useEffect, useState } from 'react'
import { wechatLoginCode } from '@/platform/auth'
import { restartAt } from '@/platform/navigation'
import { consumerApi, failureMessageZh } from '../api'
import { WALLET_PAGE } from '../wallet/routes'
import { AGREEMENT_VERSIONS } from './agreements'
import { useCountdown } from './use-countdown'

const PHONE = /^1\d{10}$/
const CODE = /^\d{6}$/
/** Resend waits this long unless the server says otherwise (it rate-limits texts per phone). */
const RESEND_SECONDS = 60

export type LoginStep = { status: 'idle' } | { status: 'busy'; textZh: string } | { status: 'failed'; messageZh: string }

const enterAt = (back: string) => restartAt(back.startsWith('/pages/') ? back : WALLET_PAGE)

/**
 * Signs a shopper in (phone + texted code on H5, WeChat on weapp), then opens `back` or the wallet; a device
 * still signed in goes there at once, when the page opens.
 */
export function useConsumerLogin(back: string) {
  const [step, setStep] = useState<LoginStep>({ status: 'idle' })
  const [codeSentTo, setCodeSentTo] = useState<string | null>(null)
  const [agreed, setAgreed] = useState(false)
  const countdown = useCountdown()
  /** Records the agreements accepted on this screen, then opens `back`; a failure stays here (signed in) to retry. */
  const enter = async () => {
    setStep({ status: 'busy', textZh: '正在登录…' })
    const accepted = await consumerApi.acceptAgreements(AGREEMENT_VERSIONS)
    if (!accepted.ok) return setStep({ status: 'failed', messageZh: `同意记录没有保存成功：${failureMessageZh(accepted.failure)}，请再点一次登录` })
    await enterAt(back)
  }
  const NOT_AGREED: LoginStep = { status: 'failed', messageZh: '请先阅读并勾选同意《聚卡用户协议》和《聚卡隐私政策》' }

  useEffect(() => {
    void (async () => {
      if (await consumerApi.hasSession()) await enterAt(back)
    })()
  }, [back])

  return {
    step,
    codeSentTo,
    resendIn: countdown.secondsLeft,
    agreed,
    setAgreed,

    async sendCode(phone: string) {
      if (!PHONE.test(phone)) {
        setStep({ status: 'failed', messageZh: '请输入 11 位手机号' })
        return
      }
      setStep({ status: 'busy', textZh: '正在发送…' })
      const result = await consumerApi.sendPhoneCode(phone)
      if (!result.ok) {
        setStep({ status: 'failed', messageZh: failureMessageZh(result.failure) })
        return
      }
      setCodeSentTo(phone)
      countdown.start(result.data.resendAfterSeconds || RESEND_SECONDS)
      setStep({ status: 'idle' })
    },

    async loginWithPhone(phone: string, code: string) {
      if (!agreed) return setStep(NOT_AGREED)
      // signed in already (the agreements' record failed a moment ago): record them and go on
      if (await consumerApi.hasSession()) return enter()
      if (!PHONE.test(phone)) return setStep({ status: 'failed', messageZh: '请输入 11 位手机号' })
      if (!CODE.test(code)) return setStep({ status: 'failed', messageZh: '请输入短信里的 6 位验证码' })
      setStep({ status: 'busy', textZh: '正在登录…' })
      const result = await consumerApi.loginWithPhone({ phone, code })
      if (!result.ok) return setStep({ status: 'failed', messageZh: failureMessageZh(result.failure) })
      await enter()
    },

    async loginWithWechat() {
      if (!agreed) return setStep(NOT_AGREED)
      if (await consumerApi.hasSession()) return enter()
      setStep({ status: 'busy', textZh: '正在登录…' })
      const login = await wechatLoginCode()
      if (login.kind === 'failed') return setStep({ status: 'failed', messageZh: '微信登录没有成功，请重试' })
      const result = await consumerApi.loginWithWechat(login.code)
      if (!result.ok) return setStep({ status: 'failed', messageZh: failureMessageZh(result.failure) })
      await enter()
    }
  }
}
