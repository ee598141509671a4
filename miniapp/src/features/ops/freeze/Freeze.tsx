import { useState } from 'react'
import type { MerchantView, OperatorCardView } from '@jucard/shared'
import { AuditTrail } from './AuditTrail'
import { CardLookup } from './CardLookup'
import { MerchantClosing } from './MerchantClosing'
import { MerchantLookup } from './MerchantLookup'
import './freeze.css'

/**
 * 冻结: find a card or a merchant, freeze or unfreeze it with a reason, and read the audit trail. A merchant opened here
 * also shows its 停业公告, which an operator announces or withdraws when the owner cannot.
 */
export function Freeze() {
  const [card, setCard] = useState<OperatorCardView | null>(null)
  const [merchant, setMerchant] = useState<MerchantView | null>(null)
  // bumped after every freeze, unfreeze or closing notice: the trails below fetch again and show it
  const [version, setVersion] = useState(0)
  const changed = () => setVersion((v) => v + 1)

  return (
    <>
      <div className='freeze__lookups'>
        <CardLookup
          card={card}
          onCard={setCard}
          onChanged={(next) => {
            setCard(next)
            changed()
          }}
        />
        <MerchantLookup
          selectedId={merchant?.id ?? null}
          onSelect={setMerchant}
          onChanged={(next) => {
            setMerchant(next)
            changed()
          }}
        />
      </div>
      {card && <AuditTrail title={`会员卡 ${card.cardNo} 的操作记录`} query={{ targetType: 'card', targetId: card.id }} version={version} />}
      {merchant && <MerchantClosing merchant={merchant} onChanged={changed} />}
      {merchant && <AuditTrail title={`商户「${merchant.displayName}」的操作记录`} query={{ targetType: 'merchant', targetId: merchant.id }} version={version} />}
      <AuditTrail title='全部操作记录' query={{}} version={version} />
    </>
  )
}
