import { ConsoleLoginForm } from '@/features/console/ConsoleLoginForm'
import { useOpsLogin } from '@/features/ops/use-ops-login'

/** Operator sign-in; a browser that is still signed in goes straight to the console. */
export default function OpsLogin() {
  const login = useOpsLogin()

  return (
    <div className='console ops-login'>
      <ConsoleLoginForm
        title='聚卡运营后台'
        subtitle='平台运营人员登录：商户审核、日终对账与结算、冻结'
        state={login.state}
        onSubmit={(username, password) => void login.login(username, password)}
      />
    </div>
  )
}
