import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { COUPON_KINDS, MAX_AMOUNT_FEN, type CouponKind, type CouponTemplateInput, type IssueCouponRequest } from '@jucard/shared';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { PHONE_PATTERN } from '../auth/auth.dto';

export class CouponTemplateDto implements CouponTemplateInput {
  @ApiProperty({ example: '满100减10' })
  @IsString()
  @Length(1, 64)
  name: string;

  @ApiPropertyOptional({ example: '全场通用，每单限用一张' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;

  @ApiProperty({ enum: COUPON_KINDS })
  @IsIn(COUPON_KINDS)
  kind: CouponKind;

  @ApiPropertyOptional({ example: 1000, nullable: true, description: '满减: the amount off, in fen' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_FEN)
  amountOffFen: number | null;

  @ApiPropertyOptional({ example: 20, nullable: true, description: '折扣: percent off (20 = 八折)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(99)
  percentOff: number | null;

  @ApiPropertyOptional({ example: 2000, nullable: true, description: '折扣: the most it takes off, in fen' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_FEN)
  capFen: number | null;

  @ApiProperty({ example: 10000, description: 'The smallest sale it applies to, in fen; 0 = 无门槛' })
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_FEN)
  thresholdFen: number;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsISO8601({ strict: true })
  validFrom?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsISO8601({ strict: true })
  validUntil?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'Valid for N days from issue, instead of fixed dates' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  validDays?: number | null;

  @ApiProperty({ type: [String], description: 'Stores where it can be used; empty = every store' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('4', { each: true })
  storeIds: string[];

  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  @Max(100)
  perConsumerLimit: number;

  @ApiProperty({ example: 500 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  totalQuantity: number;
}

const REQUEST_NO = /^[A-Za-z0-9][A-Za-z0-9_\-:.]{7,63}$/;

export class IssueCouponDto implements IssueCouponRequest {
  @ApiPropertyOptional({ example: '13800000000', description: 'The member’s phone (or give cardNo)' })
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: 'phone must be an 11-digit mainland mobile number' })
  phone?: string;

  @ApiPropertyOptional({ description: 'The member’s card number (or give phone)' })
  @IsOptional()
  @Matches(/^\d{16}$/, { message: 'cardNo must be the 16-digit card number' })
  cardNo?: string;

  @ApiProperty({ description: 'The back office’s request number: a repeat returns the first coupon' })
  @Matches(REQUEST_NO, { message: 'requestNo must be 8–64 letters, digits, _ - : .' })
  requestNo: string;
}

export class ClaimCouponDto {
  @ApiProperty({ description: 'The token of the claim link' })
  @IsString()
  @Length(10, 200)
  token: string;
}
