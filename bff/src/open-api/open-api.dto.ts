import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_AMOUNT_FEN, PAYMENT_CHANNELS, type PaymentChannelName } from '@jucard/shared';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min, ValidateIf } from 'class-validator';
import { PosRedeemDto } from '../redemption/redemption.dto';

const CARD_NO = /^\d{16,19}$/;

/** GET /open/v1/members: exactly one of cardNo or phone. */
export class MemberLookupQuery {
  @ApiPropertyOptional({ example: '8800123456789012', description: 'A card number of this merchant (16–19 digits)' })
  @ValidateIf((query: MemberLookupQuery) => query.cardNo !== undefined || query.phone === undefined)
  @Matches(CARD_NO, { message: 'cardNo must be 16–19 digits (or give phone)' })
  cardNo?: string;

  @ApiPropertyOptional({ example: '13800138000', description: 'The member’s mainland mobile number (11 digits)' })
  @ValidateIf((query: MemberLookupQuery) => query.phone !== undefined || query.cardNo === undefined)
  @Matches(/^1\d{10}$/, { message: 'phone must be an 11-digit mobile number (or give cardNo)' })
  phone?: string;
}

/** POST /open/v1/redemptions: the POS sale, optionally at another of the key's stores. */
export class OpenRedeemDto extends PosRedeemDto {
  @ApiPropertyOptional({ description: 'One of the key’s stores; default its first' })
  @IsOptional()
  @IsUUID('4')
  storeId?: string;
}

/** POST /open/v1/topup-orders: a cashier-assisted top-up; the Idempotency-Key header is its key. */
export class OpenTopUpDto {
  @ApiProperty({ example: '8800123456789012' })
  @Matches(CARD_NO, { message: 'cardNo must be 16–19 digits' })
  cardNo: string;

  @ApiProperty({ example: 50000, description: 'What the member pays, in fen: a tier amount or a custom amount' })
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_FEN)
  amountFen: number;

  @ApiPropertyOptional({ enum: PAYMENT_CHANNELS, description: 'Preferred channel; the platform may fail over and says so in `channel`' })
  @IsOptional()
  @IsIn(PAYMENT_CHANNELS)
  channel?: PaymentChannelName;
}

/** The Idempotency-Key header: what a client generates once per write and sends again on every retry. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_\-:.]{8,64}$/;

/** POST /open/v1/cards/:cardNo/refunds: the quote the member confirmed at the counter; the Idempotency-Key header is its key. */
export class OpenRefundDto {
  @ApiPropertyOptional({ example: 30_450, description: 'refundFen of the quote the member confirmed; refused with REFUND_QUOTE_CHANGED if the card changed since' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_FEN)
  quotedRefundFen?: number;
}

/** POST /open/v1/coupon-templates/:templateId/issues: to one member, by card number or phone (exactly one). */
export class OpenIssueCouponDto {
  @ApiPropertyOptional({ example: '8800123456789012', description: 'A card number of this merchant (or give phone)' })
  @ValidateIf((body: OpenIssueCouponDto) => body.cardNo !== undefined || body.phone === undefined)
  @Matches(CARD_NO, { message: 'cardNo must be 16–19 digits (or give phone)' })
  cardNo?: string;

  @ApiPropertyOptional({ example: '13800138000', description: 'The member’s mainland mobile number (or give cardNo)' })
  @ValidateIf((body: OpenIssueCouponDto) => body.phone !== undefined || body.cardNo === undefined)
  @Matches(/^1\d{10}$/, { message: 'phone must be an 11-digit mobile number (or give cardNo)' })
  phone?: string;
}

/** GET /open/v1/coupons/:couponId/check: would this card's coupon take something off this sale, here, now. */
export class CouponCheckQuery {
  @ApiProperty({ example: '8800123456789012', description: 'The card the member pays with' })
  @Matches(CARD_NO, { message: 'cardNo must be 16–19 digits' })
  cardNo: string;

  @ApiProperty({ example: 6_800, description: 'The sale’s list price, fen' })
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_FEN)
  amountFen: number;

  @ApiPropertyOptional({ description: 'One of the key’s stores; default its first' })
  @IsOptional()
  @IsUUID('4')
  storeId?: string;
}
