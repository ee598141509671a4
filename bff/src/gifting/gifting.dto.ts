import { ApiProperty } from '@nestjs/swagger';
import type { ClaimCardGiftRequest } from '@jucard/shared';
import { IsString, Length } from 'class-validator';

export class GiftTokenDto implements ClaimCardGiftRequest {
  @ApiProperty({ description: 'The share link’s one-time token' })
  @IsString()
  @Length(20, 200)
  token: string;
}
