import { ApiProperty } from '@nestjs/swagger';
import type { PointsExchangeRequest, PointsItemInput } from '@jucard/shared';
import { IsInt, IsUUID, Matches, Max, Min } from 'class-validator';

/** The most points one item may cost, and the most of it a merchant may put on offer. */
const MAX_POINTS_PRICE = 100_000_000;
const MAX_STOCK = 1_000_000;

export class PointsItemDto implements PointsItemInput {
  @ApiProperty({ format: 'uuid', description: 'One of this merchant’s ACTIVE coupon templates: the exchange grants one coupon of it' })
  @IsUUID('all', { message: 'couponTemplateId must be a coupon template id' })
  couponTemplateId: string;

  @ApiProperty({ example: 500, minimum: 1, description: 'Points one exchange costs' })
  @IsInt()
  @Min(1)
  @Max(MAX_POINTS_PRICE)
  pointsPrice: number;

  @ApiProperty({ example: 100, minimum: 1, description: 'How many exchanges the item offers in all' })
  @IsInt()
  @Min(1)
  @Max(MAX_STOCK)
  stock: number;
}

export class PointsExchangeDto implements PointsExchangeRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'itemId must be a points mall item id' })
  itemId: string;

  @ApiProperty({ example: 'exch-7f3a9c2e', description: 'One per exchange the consumer confirmed: a retry with it answers the first exchange' })
  @Matches(/^[A-Za-z0-9_-]{8,64}$/, { message: 'idempotencyKey must be 8–64 letters, digits, _ or -' })
  idempotencyKey: string;
}
