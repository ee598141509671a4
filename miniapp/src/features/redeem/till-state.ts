import type { ErrorCode, ErrorEnvelope, Fen, MemberCodeInspection, RedemptionView } from '@jucard/shared'
import type { AcceptedCode } from './member-code-entry'

/** One sale as sent: its merchant order number is fixed for every retry of the same sale. */
export interface Sale {
  code: AcceptedCode
  amountFen: Fen
  storeId: string
  merchantOrderNo: string
  /** Who the scan showed; the sale result names them again. */
  member: MemberCodeInspection
  /** The coupon applied: `amountFen` is then the list price and the card pays the rest. */
  couponId: string | null
}

/**
 * Where the till is in one sale:
 * code → checking → amount → confirm → submitting → succeeded | rejected | unknown.
 * `checking` asks the BFF about the scanned code before any amount is typed; a refused code ends in `code-refused`.
 * `unknown` means the request left but no answer came back: the customer may have been charged,
 * so the only safe moves are retrying the same sale or abandoning it knowingly.
 */
export type TillStep =
  /** `keepAmountFen`: after a rejected code, the amount carries over to the re-scan. */
  | { name: 'code'; keepAmountFen: Fen | null }
  | { name: 'checking'; code: AcceptedCode; keepAmountFen: Fen | null }
  | { name: 'code-refused'; envelope: ErrorEnvelope | null; code: AcceptedCode; keepAmountFen: Fen | null }
  | { name: 'amount'; code: AcceptedCode; member: MemberCodeInspection; amountText: string }
  /** `restFen`: the part of the bill the card cannot pay, collected another way (shown, never charged here). */
  /** `couponId`: the coupon chosen (the best one proposed; the cashier may pick another or none). */
  | { name: 'confirm'; code: AcceptedCode; member: MemberCodeInspection; amountFen: Fen; restFen: Fen; couponId: string | null }
  | { name: 'submitting'; sale: Sale; attempt: number }
  | { name: 'succeeded'; sale: Sale; redemption: RedemptionView }
  | { name: 'rejected'; sale: Sale; envelope: ErrorEnvelope }
  | { name: 'unknown'; sale: Sale; attempt: number }

/** What the cashier can do about a refused sale. */
export type Recovery = 'rescan' | 'edit-amount' | 'change-store' | 'start-over'

export function recoveryFor(envelope: ErrorEnvelope): Recovery {
  const code: ErrorCode = envelope.code
  switch (code) {
    case 'INSUFFICIENT_BALANCE':
    case 'AMOUNT_INVALID':
      return 'edit-amount'
    case 'MEMBER_CODE_INVALID':
    case 'MEMBER_CODE_EXPIRED':
    case 'MEMBER_CODE_USED':
    case 'CARD_NOT_FOUND':
    case 'CARD_OF_ANOTHER_MERCHANT':
    case 'CARD_NOT_ACCEPTED_AT_STORE':
    case 'CARD_NOT_ACTIVE':
    case 'CARD_EXPIRED':
    case 'COUPON_USED':
    case 'COUPON_NOT_USABLE':
    case 'COUPON_NOT_FOUND':
      // a coupon refused: a fresh scan reads the member's coupons again
      return 'rescan'
    case 'STORE_NOT_ALLOWED':
    case 'STORE_NOT_FOUND':
      return 'change-store'
    case 'VALIDATION_FAILED':
      if (envelope.errors?.amountFen) return 'edit-amount'
      if (envelope.errors?.code) return 'rescan'
      return 'start-over'
    default:
      return 'start-over'
  }
}

/** A hint under the refusal, for the codes where the next step is not obvious from the message. */
export function adviceFor(code: ErrorCode): string | null {
  switch (code) {
    case 'INSUFFICIENT_BALANCE':
      return '请让顾客先充值，或改收较小的金额，差额用其他方式支付'
    case 'CARD_OF_ANOTHER_MERCHANT':
      return '请确认顾客出示的是本店的会员卡'
    case 'CARD_NOT_ACCEPTED_AT_STORE':
      return '这张卡只能在指定门店使用'
    case 'CARD_NOT_ACTIVE':
    case 'CARD_EXPIRED':
      return '请顾客联系商家处理这张卡'
    case 'STORE_NOT_ALLOWED':
      return '请切换到您所在的门店，或联系店长开通权限'
    case 'COUPON_USED':
    case 'COUPON_NOT_USABLE':
    case 'COUPON_NOT_FOUND':
      return '请让顾客刷新会员码后重新扫码，换一张券或不用券'
    default:
      return null
  }
}
