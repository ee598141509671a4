import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CAMPAIGN_CHANNEL_SCOPES, MAX_AMOUNT_FEN, type CampaignChannelScope, type CampaignInput, type CampaignRewardsInput, type CampaignTierReward } from '@jucard/shared';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';

export class CampaignTierRewardDto implements CampaignTierReward {
  @ApiProperty({ example: 50000, description: 'The amount paid, in fen (充500)' })
  @IsInt()
  @Min(100)
  @Max(MAX_AMOUNT_FEN)
  payFen: number;

  @ApiProperty({ example: 5000, description: 'Bonus money granted, in fen (送50元); 0 = none' })
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_FEN)
  bonusFen: number;

  @ApiProperty({ example: 100, description: 'Points granted; 0 = none' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  points: number;

  @ApiProperty({ type: [String], description: 'Coupon templates of this merchant, one coupon of each' })
  @IsArray()
  @ArrayMaxSize(5)
  @IsUUID('4', { each: true })
  couponTemplateIds: string[];
}

export class CampaignRewardsDto implements CampaignRewardsInput {
  @ApiProperty({ type: [CampaignTierRewardDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @ValidateNested({ each: true })
  @Type(() => CampaignTierRewardDto)
  tiers: CampaignTierRewardDto[];
}

export class CampaignDto extends CampaignRewardsDto implements CampaignInput {
  @ApiProperty({ example: '双十二充值送' })
  @IsString()
  @Length(1, 64)
  name: string;

  @ApiProperty()
  @IsISO8601({ strict: true })
  startsAt: string;

  @ApiProperty()
  @IsISO8601({ strict: true })
  endsAt: string;

  @ApiProperty({ enum: CAMPAIGN_CHANNEL_SCOPES })
  @IsIn(CAMPAIGN_CHANNEL_SCOPES)
  channelScope: CampaignChannelScope;

  @ApiProperty({ type: [String], description: 'Stores whose till top-ups it covers; empty = every store' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('4', { each: true })
  storeIds: string[];

  @ApiPropertyOptional({ nullable: true, example: 100000, description: 'Bonus money it may grant in all, in fen' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  budgetFen: number | null = null;

  @ApiPropertyOptional({ nullable: true, example: 100, description: 'How many top-ups it may reward' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  quantity: number | null = null;
}
