import { useCallback, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { canManageMerchant, type RedemptionView } from '@jucard/shared'
import { IS_H5 } from '@/platform/env'
import { replacePage } from '@/platform/navigation'
import { usePullToRefresh } from '@/platform/page'
import { merchantApi } from '@/features/api'
import { ReversalDialog } from '@/features/redeem/ReversalDialog'
import { ShiftDialog } from '@/features/redeem/ShiftDialog'
import { Till } from '@/features/redeem/Till'
import { TodayRedemptions } from '@/features/redeem/TodayRedemptions'
import { useTodayRedemptions } from '@/features/redeem/use-today-redemptions'
import { ADMIN_DASHBOARD_PAGE } from '@/features/merchant-admin/routes'
import { StaffBar } from '@/features/staff/StaffBar'
import { StorePicker } from '@/features/staff/StorePicker'
import { useStaffContext } from '@/features/staff/use-staff-context'
import { StatePanel } from '@/features/ui/StatePanel'

import './index.css'

/** The till: pick the store, take a member code and an amount, see the result; today's sales below. */
export default function MerchantRedeem() {
  const staff = useStaffContext()
  const today = useTodayRedemptions(staff.store?.id ?? null)
  const [reversing, setReversing] = useState<RedemptionView | null>(null)
  const [showShift, setShowShift] = useState(false)
  const refreshToday = today.refresh

  usePullToRefresh(refreshToday)
  const onRedeemed = useCallback(() => void refreshToday(), [refreshToday])

  if (staff.state.status === 'loading') {
    return (
      <View className='till-page'>
        <StatePanel kind='loading' text='正在打开收银台…' />
      </View>
    )
  }
  if (staff.state.status === 'failed') {
    return (
      <View className='till-page'>
        <StatePanel kind='error' text={staff.state.messageZh} onRetry={() => void staff.reload()} />
      </View>
    )
  }

  const { me, merchant, stores } = staff.state
  const store = staff.store
  return (
    <View className='till-page'>
      <StaffBar
        merchantName={merchant.displayName}
        staffName={me.displayName}
        role={me.role}
        onLogout={() => void merchantApi.logout()}
        onBackOffice={IS_H5 && canManageMerchant(me.role) ? () => void replacePage(ADMIN_DASHBOARD_PAGE) : undefined}
      />
      {stores.length === 0 ? (
        <StatePanel kind='empty' text='您还没有可以收款的门店，请联系店长或店主开通' />
      ) : (
        <StorePicker stores={stores} selectedId={store?.id ?? null} onSelect={staff.selectStore} />
      )}
      {store && (
        <View className='till-page__shift' role='button' hoverClass='till-page__shift--pressed' onClick={() => setShowShift(true)}>
          <Text>交班 · 本班汇总</Text>
        </View>
      )}
      {store && (
        <View className='till-page__columns'>
          <View className='till-page__till'>
            <Till key={store.id} store={store} onRedeemed={onRedeemed} />
          </View>
          <View className='till-page__today'>
            <TodayRedemptions
              storeName={store.name}
              state={today.state}
              canReverse={staff.canReverse}
              onRefresh={() => void refreshToday()}
              onLoadMore={() => void today.loadMore()}
              onReverse={setReversing}
            />
          </View>
        </View>
      )}
      {showShift && store && <ShiftDialog storeId={store.id} storeName={store.name} onClose={() => setShowShift(false)} />}
      {reversing && (
        <ReversalDialog
          key={reversing.redemptionId}
          redemption={reversing}
          onClose={() => setReversing(null)}
          onReversed={() => void refreshToday()}
        />
      )}
    </View>
  )
}
