import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CARD_KINDS, DEDUCTION_RULES, MAX_AMOUNT_FEN, type CardKind, type DeductionRule } from '@jucard/shared';
import { Type } from 'class-transformer';
import { MAX_COOLING_OFF_DAYS, MAX_POINTS_VALID_YEARS } from './card-product-rules';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

export class TopUpTierDto {
  @ApiProperty({ example: 50000, description: 'What the consumer pays, in fen' })
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_FEN)
  payFen: number;

  @ApiProperty({ example: 5000, description: 'Bonus credited with it, in fen' })
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_FEN)
  bonusFen: number;
}

export class CardProductDto {
  @ApiProperty({ example: '莲花健身储值卡' })
  @IsString()
  @Length(1, 64)
  name: string;

  @ApiProperty({ example: 'jade', description: 'Cover colour theme key' })
  @Matches(/^[a-z][a-z0-9-]{1,31}$/)
  coverStyle: string;

  @ApiPropertyOptional({ nullable: true, description: 'Logo image (POST /merchant/files, purpose CARD_LOGO); null = none' })
  @IsOptional()
  @IsUUID('4')
  logoFileId?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'Cover image (POST /merchant/files, purpose CARD_COVER); null = the preset colour' })
  @IsOptional()
  @IsUUID('4')
  coverFileId?: string | null;

  @ApiProperty({ enum: CARD_KINDS })
  @IsIn(CARD_KINDS)
  kind: CardKind;

  @ApiProperty({ type: [TopUpTierDto] })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => TopUpTierDto)
  tiers: TopUpTierDto[];

  @ApiProperty()
  @IsBoolean()
  allowCustomAmount: boolean;

  @ApiProperty({ example: 1000, description: 'Smallest custom top-up, in fen' })
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_FEN)
  minTopUpFen: number;

  @ApiPropertyOptional({ description: 'Defaults to ¥5,000 (named) or ¥1,000 (anonymous), which are also the caps' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_FEN)
  maxBalanceFen?: number;

  @ApiPropertyOptional({ description: 'Anonymous cards only: months of validity, at least 36' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1200)
  validityMonths?: number | null;

  @ApiProperty({ type: [String], description: 'Stores that accept the card; empty = all stores' })
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('4', { each: true })
  storeIds: string[];

  @ApiProperty({ enum: DEDUCTION_RULES })
  @IsIn(DEDUCTION_RULES)
  deductionRule: DeductionRule;

  @ApiProperty({ example: 1, description: 'Points per yuan redeemed' })
  @IsInt()
  @Min(0)
  @Max(100)
  pointsPerYuan: number;

  @ApiPropertyOptional({ example: 7, description: '冷静期: days after a top-up during which, if nothing was redeemed, it is refunded in full; 0 = none. Default 7 on a new product; an edit without it keeps the current value' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_COOLING_OFF_DAYS)
  coolingOffDays?: number;

  @ApiPropertyOptional({ example: 1, description: 'Points earned in year Y expire at the end of year Y + this (Shanghai time), the earliest first; 0 = never. Default 1 (the end of the next year) on a new product; an edit without it keeps the current value' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_POINTS_VALID_YEARS)
  pointsValidYears?: number;

  @ApiProperty({ example: '全国门店通用，本金永久有效，赠送金额不可退。' })
  @IsString()
  @MaxLength(2000)
  description: string;

  @ApiPropertyOptional({ example: '一、本卡为记名卡，本金永久有效……', description: '预付卡章程 / 充值协议 shown at claim and top-up; a changed text makes a new version; left out: unchanged. Void clauses (不退不换, 最终解释权归商家所有, 过期作废 on named cards) are refused' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  terms?: string;
}
