import type { RedemptionView, StoreView } from '@jucard/shared'
import { AmountEntry } from './AmountEntry'
import { CodeEntry } from './CodeEntry'
import { CodeChecking, CodeRefused } from './MemberPanel'
import { ConfirmSale } from './ConfirmSale'
import { SaleRejected, SaleSubmitting, SaleSucceeded, SaleUnknown } from './SaleResult'
import { useTill } from './use-till'

/** One sale at a time at `store`: code → check (member and balance) → amount → confirm → result. */
export function Till({ store, onRedeemed }: { store: StoreView; onRedeemed: (redemption: RedemptionView) => void }) {
  const till = useTill(store.id, onRedeemed)
  const { step } = till
  switch (step.name) {
    case 'code':
      return <CodeEntry keepAmountFen={step.keepAmountFen} onAccept={till.acceptCode} />
    case 'checking':
      return <CodeChecking />
    case 'code-refused':
      return <CodeRefused envelope={step.envelope} onRescan={till.rescan} onRecheck={till.recheck} />
    case 'amount':
      return (
        <AmountEntry
          code={step.code}
          member={step.member}
          initialText={step.amountText}
          onAccept={till.acceptAmount}
          onChargeWholeBalance={till.chargeWholeBalance}
          onRescan={till.startOver}
        />
      )
    case 'confirm':
      return (
        <ConfirmSale
          amountFen={step.amountFen}
          restFen={step.restFen}
          couponId={step.couponId}
          onChooseCoupon={till.chooseCoupon}
          storeName={store.name}
          code={step.code}
          member={step.member}
          onConfirm={till.confirm}
          onEdit={till.editAmount}
        />
      )
    case 'submitting':
      return <SaleSubmitting sale={step.sale} attempt={step.attempt} />
    case 'succeeded':
      return <SaleSucceeded redemption={step.redemption} sale={step.sale} onNext={till.startOver} />
    case 'rejected':
      return <SaleRejected envelope={step.envelope} onRescan={till.rescan} onEditAmount={till.editAmount} onStartOver={till.startOver} />
    case 'unknown':
      return <SaleUnknown sale={step.sale} onRetry={till.retry} onAbandon={till.startOver} />
  }
}
