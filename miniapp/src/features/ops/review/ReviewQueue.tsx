import { useState } from 'react'
import { API_BASE } from '@/platform/http'
import { MERCHANT_STATUSES, type MerchantStatus, type MerchantView } from '@jucard/shared'
import { failureMessageZh } from '../../api'
import { operatorApi } from '../../api/operator-client'
import { shanghaiDateTime } from '../../console/business-day'
import { ConsoleCard } from '../../console/ConsoleCard'
import { Badge, Button, Notice, SelectField, TextField } from '../../console/controls'
import { Dialog, DialogActions, ReasonDialog } from '../../console/Dialog'
import { feeRateText, parseFeeRatePercent } from '../../console/format'
import { MERCHANT_STATUS } from '../../console/labels'
import { StatePanel } from '../../ui/StatePanel'
import { useLoad } from '../../ui/use-load'
import './review.css'

/** The platform's default fee: 0.60% of redeemed principal. */
const DEFAULT_FEE_PERCENT = '0.60'

/** 商户审核: merchants waiting for a KYC decision (or any other status, to look one up). */
export function ReviewQueue() {
  const [status, setStatus] = useState<MerchantStatus>('PENDING_REVIEW')
  const merchants = useLoad(() => operatorApi.listMerchants(status), [status])
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null)

  function decided(merchant: MerchantView, text: string) {
    setNotice({ tone: 'success', text })
    if (merchants.state.status !== 'ready') return
    const others = merchants.state.data.filter((item) => item.id !== merchant.id)
    merchants.set(merchant.status === status ? [...others, merchant] : others)
  }

  return (
    <>
      <ConsoleCard as='div' className='review__filter'>
        <SelectField
          label='商户状态'
          value={status}
          options={MERCHANT_STATUSES.map((value) => ({ value, label: MERCHANT_STATUS[value].zh }))}
          onChange={(value) => {
            setNotice(null)
            setStatus(value as MerchantStatus)
          }}
        />
      </ConsoleCard>
      {notice && <Notice tone={notice.tone}>{notice.text}</Notice>}
      {merchants.state.status === 'loading' && <StatePanel kind='loading' text='正在加载商户…' />}
      {merchants.state.status === 'failed' && <StatePanel kind='error' text={merchants.state.messageZh} onRetry={() => void merchants.reload()} />}
      {merchants.state.status === 'ready' && merchants.state.data.length === 0 && (
        <StatePanel kind='empty' text={status === 'PENDING_REVIEW' ? '没有待审核的商户' : `没有${MERCHANT_STATUS[status].zh}的商户`} />
      )}
      {merchants.state.status === 'ready' &&
        merchants.state.data.map((merchant) => (
          <MerchantReview key={merchant.id} merchant={merchant} onDecided={decided} onFailed={(text) => setNotice({ tone: 'error', text })} />
        ))}
    </>
  )
}

function MerchantReview({ merchant, onDecided, onFailed }: { merchant: MerchantView; onDecided: (m: MerchantView, text: string) => void; onFailed: (text: string) => void }) {
  const [feePercent, setFeePercent] = useState(DEFAULT_FEE_PERCENT)
  const [feeProblem, setFeeProblem] = useState<string | null>(null)
  const [approving, setApproving] = useState(false)
  const [rejecting, setRejecting] = useState(false)
  // the fee rate read from the field, waiting for the operator's confirmation (approval cannot be undone here)
  const [confirmingBps, setConfirmingBps] = useState<number | null>(null)
  const kyc = merchant.kyc
  const status = MERCHANT_STATUS[merchant.status]

  function askApproval() {
    const feeRateBps = parseFeeRatePercent(feePercent)
    if (feeRateBps === null) {
      setFeeProblem('请填写 0–10 之间的费率，最多两位小数，例如 0.60')
      return
    }
    setFeeProblem(null)
    setConfirmingBps(feeRateBps)
  }

  async function approve(feeRateBps: number) {
    setApproving(true)
    const result = await operatorApi.review(merchant.id, { decision: 'APPROVE', feeRateBps })
    setApproving(false)
    setConfirmingBps(null)
    if (result.ok) onDecided(result.data, `已通过「${merchant.displayName}」，手续费率 ${feeRateText(feeRateBps)}`)
    else onFailed(`审核没有成功：${failureMessageZh(result.failure)}`)
  }

  async function reject(reason: string): Promise<string | null> {
    const result = await operatorApi.review(merchant.id, { decision: 'REJECT', reason })
    if (!result.ok) return failureMessageZh(result.failure)
    setRejecting(false)
    onDecided(result.data, `已驳回「${merchant.displayName}」`)
    return null
  }

  return (
    <ConsoleCard as='article' className='review__merchant' label={merchant.displayName} title={merchant.displayName} actions={<Badge tone={status.tone}>{status.zh}</Badge>}>
      {kyc ? (
        <dl className='review__kyc'>
          <dt>公司名称</dt>
          <dd>{kyc.companyName}</dd>
          <dt>统一社会信用代码</dt>
          <dd className='review__code'>{kyc.creditCode}</dd>
          <dt>法定代表人</dt>
          <dd>{kyc.legalRepresentative}</dd>
          <dt>联系人</dt>
          <dd>
            {kyc.contactName} · {kyc.contactPhone}
          </dd>
          <dt>结算账户</dt>
          <dd>
            {kyc.settlementAccountName} · {kyc.settlementBankName} · {kyc.settlementAccountNo}
          </dd>
          <dt>注册时间</dt>
          <dd>{shanghaiDateTime(merchant.createdAt)}</dd>
          {merchant.feeRateBps !== null && (
            <>
              <dt>手续费率</dt>
              <dd>{feeRateText(merchant.feeRateBps)}</dd>
            </>
          )}
          {merchant.rejectReason && (
            <>
              <dt>驳回原因</dt>
              <dd>{merchant.rejectReason}</dd>
            </>
          )}
        </dl>
      ) : (
        <p className='console-card__note'>商户还没有提交资料。</p>
      )}
      {merchant.kycDocuments && (
        <div className='review__documents'>
          {/* signed links that expire in minutes: opened from this page, not shared */}
          <a href={API_BASE + merchant.kycDocuments.businessLicenceUrl} target='_blank' rel='noreferrer'>
            <img className='review__document' src={API_BASE + merchant.kycDocuments.businessLicenceUrl} alt={`${merchant.displayName}的营业执照`} />
          </a>
          <a href={API_BASE + merchant.kycDocuments.legalRepIdUrl} target='_blank' rel='noreferrer'>
            <img className='review__document' src={API_BASE + merchant.kycDocuments.legalRepIdUrl} alt={`${merchant.displayName}的法定代表人身份证`} />
          </a>
        </div>
      )}
      {merchant.status === 'PENDING_REVIEW' && (
        <div className='review__decide'>
          <TextField
            label='平台手续费率（%）'
            value={feePercent}
            onChange={setFeePercent}
            inputMode='decimal'
            hint='按核销本金收取，默认 0.60%'
            error={feeProblem}
            className='review__fee'
          />
          <div className='console-actions'>
            <Button variant='primary' disabled={rejecting || approving} onClick={askApproval}>
              通过
            </Button>
            <Button variant='danger' disabled={approving} onClick={() => setRejecting(true)}>
              驳回
            </Button>
          </div>
        </div>
      )}
      {confirmingBps !== null && (
        <Dialog title={`通过「${merchant.displayName}」的审核？`} onClose={approving ? () => undefined : () => setConfirmingBps(null)}>
          <div className='console-dialog__body'>
            通过后商户可以开始发卡和收款，平台按核销本金收取 {feeRateText(confirmingBps)} 的手续费。请确认资料已核对无误。
          </div>
          <DialogActions confirmText='确认通过' busyText='正在提交…' busy={approving} onConfirm={() => void approve(confirmingBps)} onCancel={() => setConfirmingBps(null)} />
        </Dialog>
      )}
      {rejecting && (
        <ReasonDialog
          title={`驳回「${merchant.displayName}」`}
          description='商户会看到驳回原因，修改资料后可以重新提交。'
          label='驳回原因'
          placeholder='例如：营业执照信息与统一社会信用代码不符'
          confirmText='确认驳回'
          busyText='正在提交…'
          danger
          onConfirm={reject}
          onClose={() => setRejecting(false)}
        />
      )}
    </ConsoleCard>
  )
}
