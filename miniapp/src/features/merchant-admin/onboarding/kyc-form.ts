import { isValidUscc, type KycSubmission, type MerchantView } from '@jucard/shared'
import type { UploadedImage } from './ImageUpload'

export interface KycDraft {
  companyName: string
  creditCode: string
  legalRepresentative: string
  contactName: string
  contactPhone: string
  settlementAccountName: string
  settlementAccountNo: string
  settlementBankName: string
  businessLicence: UploadedImage | null
  legalRepId: UploadedImage | null
}

export type KycField = keyof KycDraft

/** A fresh form, or the last submission again (a rejected merchant corrects what the operator pointed at). */
export function kycDraftOf(merchant: MerchantView): KycDraft {
  const kyc = merchant.kyc
  const docs = merchant.kycDocuments
  return {
    companyName: kyc?.companyName ?? '',
    creditCode: kyc?.creditCode ?? '',
    legalRepresentative: kyc?.legalRepresentative ?? '',
    contactName: kyc?.contactName ?? '',
    contactPhone: kyc?.contactPhone ?? '',
    settlementAccountName: kyc?.settlementAccountName ?? '',
    settlementAccountNo: kyc?.settlementAccountNo ?? '',
    settlementBankName: kyc?.settlementBankName ?? '',
    businessLicence: kyc?.businessLicenceFileId && docs ? { id: kyc.businessLicenceFileId, url: docs.businessLicenceUrl } : null,
    legalRepId: kyc?.legalRepIdFileId && docs ? { id: kyc.legalRepIdFileId, url: docs.legalRepIdUrl } : null
  }
}

/** The same rules as the API (merchants.dto.ts), said in words a shop owner understands. */
export function checkKyc(draft: KycDraft): { ok: true; input: KycSubmission } | { ok: false; errors: Partial<Record<KycField, string>> } {
  const errors: Partial<Record<KycField, string>> = {}
  const text = (field: KycField, value: string, min: number, max: number, what: string) => {
    if (value.trim().length < min || value.trim().length > max) errors[field] = `请填写${what}（${min}–${max} 个字）`
  }
  text('companyName', draft.companyName, 2, 100, '营业执照上的公司名称')
  if (!isValidUscc(draft.creditCode.trim().toUpperCase())) errors.creditCode = '统一社会信用代码应为 18 位，请对照营业执照核对'
  text('legalRepresentative', draft.legalRepresentative, 2, 32, '法定代表人姓名')
  text('contactName', draft.contactName, 2, 32, '联系人姓名')
  if (!/^1\d{10}$/.test(draft.contactPhone.trim())) errors.contactPhone = '请填写 11 位手机号'
  text('settlementAccountName', draft.settlementAccountName, 2, 100, '结算账户户名')
  if (!/^\d{8,30}$/.test(draft.settlementAccountNo.replace(/\s/g, ''))) errors.settlementAccountNo = '银行账号为 8–30 位数字'
  text('settlementBankName', draft.settlementBankName, 2, 100, '开户银行（含支行）')
  if (!draft.businessLicence) errors.businessLicence = '请上传营业执照照片'
  if (!draft.legalRepId) errors.legalRepId = '请上传法定代表人身份证人像面照片'
  if (Object.keys(errors).length > 0 || !draft.businessLicence || !draft.legalRepId) return { ok: false, errors }
  return {
    ok: true,
    input: {
      companyName: draft.companyName.trim(),
      creditCode: draft.creditCode.trim().toUpperCase(),
      legalRepresentative: draft.legalRepresentative.trim(),
      contactName: draft.contactName.trim(),
      contactPhone: draft.contactPhone.trim(),
      settlementAccountName: draft.settlementAccountName.trim(),
      settlementAccountNo: draft.settlementAccountNo.replace(/\s/g, ''),
      settlementBankName: draft.settlementBankName.trim(),
      businessLicenceFileId: draft.businessLicence.id,
      legalRepIdFileId: draft.legalRepId.id
    }
  }
}
