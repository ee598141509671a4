import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_AMOUNT_FEN } from '@jucard/shared';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { PageQuery } from '../common/pagination';

const ORDER_NO = /^[A-Za-z0-9][A-Za-z0-9_\-:.]{0,63}$/;

export class PosRedeemDto {
  @ApiProperty({ description: 'The scanned or typed member code: 18 digits, or the QR payload' })
  @IsString()
  @Length(18, 80)
  code: string;

  @ApiProperty({ example: 10000, description: 'Amount in fen' })
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_FEN)
  amountFen: number;

  @ApiProperty({ example: 'POS1-20261125-0001', description: 'The merchant’s order number: the idempotency key' })
  @Matches(ORDER_NO, { message: 'merchantOrderNo must be 1–64 letters, digits, _ - : .' })
  merchantOrderNo: string;

  @ApiPropertyOptional({ description: 'A coupon of the card’s holder: amountFen is then the list price and the card pays the rest' })
  @IsOptional()
  @IsUUID('4')
  couponId?: string;
}

export class RedeemDto extends PosRedeemDto {
  @ApiProperty()
  @IsUUID('4')
  storeId: string;
}

export class ReverseDto {
  @ApiProperty({ example: 5000 })
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_FEN)
  amountFen: number;

  @ApiProperty({ example: 'RV-20261125-0001', description: 'Idempotency key of this reversal' })
  @Matches(ORDER_NO, { message: 'reversalNo must be 1–64 letters, digits, _ - : .' })
  reversalNo: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  reason?: string;
}

export class RedemptionListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'A store of the merchant; cashiers must name one of theirs' })
  @IsOptional()
  @IsUUID('4')
  storeId?: string;

  @ApiPropertyOptional({ example: '2026-11-25', description: 'Business day in Asia/Shanghai; default today' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  @Transform(({ value }) => (typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : `invalid:${String(value)}`))
  date?: string;
}

export class CreatePosAppDto {
  @ApiProperty()
  @IsUUID('4')
  storeId: string;

  @ApiProperty({ example: '前台收银机 1' })
  @IsString()
  @Length(1, 64)
  name: string;
}
