import { useState } from 'react'
import type { MerchantView, UploadPurpose } from '@jucard/shared'
import { replacePage } from '@/platform/navigation'
import { merchantAdminApi } from '../../api/merchant-admin-client'
import { ConsoleCard } from '../../console/ConsoleCard'
import { Button, Notice, TextField } from '../../console/controls'
import { useCheckedSubmit } from '../../console/use-checked-submit'
import { ADMIN_DASHBOARD_PAGE } from '../routes'
import { ImageUpload } from './ImageUpload'
import { checkKyc, kycDraftOf, type KycDraft, type KycField } from './kyc-form'
import './onboarding.css'

/** 商户资料: what the platform reviews before the merchant may sell cards; after a rejection, the same form again. */
export function KycForm({ merchant }: { merchant: MerchantView }) {
  const [draft, setDraft] = useState<KycDraft>(() => kycDraftOf(merchant))
  const { errors, failure, saving, submit } = useCheckedSubmit({
    check: () => checkKyc(draft),
    incomplete: '还有内容需要补充或修改，请看标红的地方',
    confirm: { title: '提交审核？', content: '提交后平台开始审核，审核期间资料不能修改。请确认公司名称、信用代码和结算账户与营业执照、银行开户信息一致。', confirmText: '提交审核' },
    send: (input) => merchantAdminApi.submitKyc(input),
    done: () => replacePage(ADMIN_DASHBOARD_PAGE)
  })
  const change = <K extends KycField>(key: K, value: KycDraft[K]) => setDraft((current) => ({ ...current, [key]: value }))

  if (merchant.status === 'PENDING_REVIEW') {
    return (
      <ConsoleCard className='onboarding' title='资料审核中'>
        <Notice tone='info'>资料已提交，平台会在 1–2 个工作日内完成审核。审核期间资料不能修改；结果会显示在这里。</Notice>
      </ConsoleCard>
    )
  }
  if (merchant.status !== 'DRAFT' && merchant.status !== 'REJECTED') {
    return (
      <ConsoleCard className='onboarding' title='商户资料'>
        <Notice tone='success'>资料已通过审核。如需变更结算账户，请联系平台运营。</Notice>
      </ConsoleCard>
    )
  }

  const field = (key: Exclude<KycField, 'businessLicence' | 'legalRepId'>, label: string, extra: { placeholder?: string; hint?: string; inputMode?: 'numeric' } = {}) => (
    <TextField label={label} value={draft[key]} onChange={(v) => change(key, v)} error={errors[key]} {...extra} />
  )
  const upload = (key: 'businessLicence' | 'legalRepId', purpose: UploadPurpose, label: string, hint: string) => (
    <ImageUpload label={label} hint={hint} purpose={purpose} value={draft[key]} onChange={(v) => change(key, v)} error={errors[key]} />
  )

  return (
    <ConsoleCard className='onboarding' title={merchant.status === 'REJECTED' ? '修改资料并重新提交' : '提交商户资料'}>
      {merchant.status === 'REJECTED' && (
        <Notice tone='error'>上次提交未通过审核{merchant.rejectReason ? `，原因：${merchant.rejectReason}` : ''}。请按原因修改后重新提交。</Notice>
      )}
      <p className='console-card__note'>审核通过后即可创建会员卡、开设门店和收款。资料只用于平台审核与结算，不会展示给顾客。</p>
      <div className='console-form'>
        {field('companyName', '公司名称', { placeholder: '与营业执照一致' })}
        {field('creditCode', '统一社会信用代码', { placeholder: '18 位，见营业执照' })}
        {field('legalRepresentative', '法定代表人')}
        {field('contactName', '联系人')}
        {field('contactPhone', '联系人手机号', { inputMode: 'numeric' })}
        {field('settlementAccountName', '结算账户户名', { hint: '一般为公司名称' })}
        {field('settlementAccountNo', '结算银行账号', { inputMode: 'numeric' })}
        {field('settlementBankName', '开户银行', { placeholder: '例如：中国工商银行上海静安支行' })}
      </div>
      {upload('businessLicence', 'BUSINESS_LICENCE', '营业执照', '请拍摄营业执照正本，四角完整、文字清晰；JPG、PNG 或 WebP，4MB 以内')}
      {upload('legalRepId', 'LEGAL_REP_ID', '法定代表人身份证（人像面）', '请拍摄身份证人像面，证件号码清晰可见；JPG、PNG 或 WebP，4MB 以内')}
      {failure && <Notice tone='error'>{failure}</Notice>}
      <div className='console-actions'>
        <Button variant='primary' busyText={saving ? '正在提交…' : null} onClick={() => void submit()}>
          提交审核
        </Button>
      </div>
    </ConsoleCard>
  )
}
