import type { StaffMemberView, StoreView } from '@jucard/shared'
import type { StaffMe } from '../../api'
import { merchantAdminApi } from '../../api/merchant-admin-client'
import { useLoad } from '../../ui/use-load'
import { StaffPanel } from './StaffPanel'
import { StoresPanel } from './StoresPanel'
import './team.css'

function upsert<T extends { id: string }>(items: T[], item: T): T[] {
  return items.some((existing) => existing.id === item.id) ? items.map((existing) => (existing.id === item.id ? item : existing)) : [...items, item]
}

/** 门店与员工: the stores, then the people who work at them. */
export function Team({ me }: { me: StaffMe }) {
  const stores = useLoad(() => merchantAdminApi.listStores(), [])
  const staff = useLoad<StaffMemberView[]>(() => merchantAdminApi.listStaff(), [])
  const storeList: StoreView[] = stores.state.status === 'ready' ? stores.state.data : []

  return (
    <div className='team'>
      <StoresPanel
        stores={stores.state}
        onReload={() => void stores.reload()}
        onSaved={(store) => {
          if (stores.state.status === 'ready') stores.set(upsert(stores.state.data, store))
        }}
      />
      <StaffPanel
        me={me}
        staff={staff.state}
        stores={storeList}
        onReload={() => void staff.reload()}
        onSaved={(member) => {
          if (staff.state.status === 'ready') staff.set(upsert(staff.state.data, member))
        }}
      />
    </div>
  )
}
