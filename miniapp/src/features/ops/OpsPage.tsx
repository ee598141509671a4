import { useEffect, useState, type ReactNode } from 'react'
import { restartAt } from '@/platform/navigation'
import { operatorApi } from '../api/operator-client'
import { ConsoleShell, type NavItem } from '../console/ConsoleShell'
import { StatePanel } from '../ui/StatePanel'
import { OPS_DAY_CLOSE_PAGE, OPS_FREEZE_PAGE, OPS_LOGIN_PAGE, OPS_MERCHANTS_PAGE, OPS_REPORTS_PAGE, OPS_RISK_PAGE } from './routes'

const NAV: NavItem[] = [
  { label: '商户审核', url: OPS_MERCHANTS_PAGE },
  { label: '日终', url: OPS_DAY_CLOSE_PAGE },
  { label: '冻结', url: OPS_FREEZE_PAGE },
  { label: '风控', url: OPS_RISK_PAGE },
  { label: '季度报表', url: OPS_REPORTS_PAGE }
]

/** A page of the operator console; without a session it goes to the operator login. */
export function OpsPage({ current, title, children }: { current: string; title: string; children: ReactNode }) {
  const [signedIn, setSignedIn] = useState<boolean | null>(null)
  useEffect(() => {
    void operatorApi.hasSession().then((has) => {
      if (has) setSignedIn(true)
      else void restartAt(OPS_LOGIN_PAGE)
    })
  }, [])

  return (
    <ConsoleShell brand='聚卡运营后台' who='平台运营' nav={NAV} current={current} title={title} onLogout={() => void operatorApi.logout()}>
      {signedIn ? children : <StatePanel kind='loading' />}
    </ConsoleShell>
  )
}
