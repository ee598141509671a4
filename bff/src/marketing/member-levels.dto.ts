import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { MemberLadderRequest, MemberLevelInput } from '@jucard/shared';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { MAX_LEVELS, MAX_MULTIPLIER_PCT, MIN_DISCOUNT_RATE, MIN_MULTIPLIER_PCT } from './member-levels-rules';

/** The highest threshold a step may ask: ¥10,000,000 of top-ups. */
const MAX_THRESHOLD_FEN = 1_000_000_000;

export class MemberLevelDto implements MemberLevelInput {
  @ApiProperty({ example: '金卡' })
  @IsString()
  @Length(1, 16)
  name: string;

  @ApiProperty({ example: 500_000, minimum: 1, description: 'Cumulative top-up at the merchant (paid principal less refunds, fen) that reaches this level' })
  @IsInt()
  @Min(1)
  @Max(MAX_THRESHOLD_FEN)
  thresholdFen: number;

  @ApiProperty({ example: 150, minimum: MIN_MULTIPLIER_PCT, maximum: MAX_MULTIPLIER_PCT, description: 'Points earned at the till in percent of the product’s rate: 150 = ×1.5' })
  @IsInt()
  @Min(MIN_MULTIPLIER_PCT)
  @Max(MAX_MULTIPLIER_PCT)
  pointsMultiplierPct: number;

  @ApiPropertyOptional({ example: 95, minimum: MIN_DISCOUNT_RATE, maximum: 100, description: 'Percent of the price its members pay at the till (95 = 9.5折), after any coupon; left out: 100, no discount' })
  @IsOptional()
  @IsInt()
  @Min(MIN_DISCOUNT_RATE)
  @Max(100)
  discountRate?: number;
}

export class MemberLadderDto implements MemberLadderRequest {
  @ApiProperty({ type: [MemberLevelDto], description: 'The whole ladder, lowest first; empty: no levels' })
  @IsArray()
  @ArrayMaxSize(MAX_LEVELS)
  @ValidateNested({ each: true })
  @Type(() => MemberLevelDto)
  levels: MemberLevelDto[];
}
