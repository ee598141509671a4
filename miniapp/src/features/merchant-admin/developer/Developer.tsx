import type { StoreView } from '@jucard/shared'
import type { StaffMe } from '../../api'
import { merchantAdminApi } from '../../api/merchant-admin-client'
import { StatePanel } from '../../ui/StatePanel'
import { useLoad } from '../../ui/use-load'
import { ApiKeysPanel } from './ApiKeysPanel'
import { WebhooksPanel } from './WebhooksPanel'
import './developer.css'

/** 开发者设置: the merchant's own systems' API keys and webhook endpoints (docs/open-api.md). Owners only, as in the BFF. */
export function Developer({ me }: { me: StaffMe }) {
  if (me.role !== 'OWNER') return <StatePanel kind='empty' text='开发者设置只有店主可以查看和修改，请让店主登录后操作。' />
  return <DeveloperSettings />
}

function DeveloperSettings() {
  const stores = useLoad<StoreView[]>(() => merchantAdminApi.listStores(), [])

  return (
    <div className='developer'>
      <p className='console-card__note'>
        接口密钥让你的收银、ERP 或会员系统调用聚卡开放接口；回调地址让聚卡把充值、消费、冲正实时推送给你的系统。签名方法和示例见《开放平台接入指南》。
      </p>
      {stores.state.status === 'failed' ? (
        <StatePanel kind='error' text={stores.state.messageZh} onRetry={() => void stores.reload()} />
      ) : stores.state.status === 'loading' ? (
        <StatePanel kind='loading' text='正在加载门店…' />
      ) : (
        <ApiKeysPanel stores={stores.state.data} />
      )}
      <WebhooksPanel />
    </div>
  )
}
