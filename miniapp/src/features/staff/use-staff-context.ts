import { useCallback, useEffect, useMemo, useState } from 'react'
import { canManageMerchant, type MerchantSummary, type StoreView } from '@jucard/shared'
import { getItem, setItem } from '@/platform/storage'
import { failureMessageZh, merchantApi, type StaffMe } from '../api'

export type StaffContextState =
  | { status: 'loading' }
  | { status: 'failed'; messageZh: string }
  | { status: 'ready'; me: StaffMe; merchant: MerchantSummary; stores: StoreView[] }

const STORE_KEY = 'jucard.merchant.storeId'

/** Who is at the till, the stores they may take money at (cashiers: only their own), and the chosen one (remembered). */
export function useStaffContext() {
  const [state, setState] = useState<StaffContextState>({ status: 'loading' })
  const [storeId, setStoreId] = useState<string | null>(null)

  const load = useCallback(async () => {
    setState({ status: 'loading' })
    const [me, merchant, stores, remembered] = await Promise.all([
      merchantApi.getMe(),
      merchantApi.getMerchantSummary(),
      merchantApi.listStores(),
      getItem<string>(STORE_KEY)
    ])
    if (!me.ok) return setState({ status: 'failed', messageZh: failureMessageZh(me.failure) })
    if (!merchant.ok) return setState({ status: 'failed', messageZh: failureMessageZh(merchant.failure) })
    if (!stores.ok) return setState({ status: 'failed', messageZh: failureMessageZh(stores.failure) })
    const workable = canManageMerchant(me.data.role) ? stores.data : stores.data.filter((store) => me.data.storeIds.includes(store.id))
    setState({ status: 'ready', me: me.data, merchant: merchant.data, stores: workable })
    const chosen = workable.find((store) => store.id === remembered) ?? (workable.length === 1 ? workable[0] : undefined)
    setStoreId(chosen?.id ?? null)
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  const store = useMemo(
    () => (state.status === 'ready' ? state.stores.find((candidate) => candidate.id === storeId) ?? null : null),
    [state, storeId]
  )

  return {
    state,
    store,
    reload: load,
    // an arrow function: the page hands it to the store picker unbound
    selectStore: (id: string) => {
      setStoreId(id)
      void setItem(STORE_KEY, id)
    },
    /** Reversals are for owners and managers; the BFF refuses cashiers with FORBIDDEN anyway. */
    canReverse: state.status === 'ready' && canManageMerchant(state.me.role)
  }
}
