import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export const CLAIM_TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

export class ClaimCardDto {
  @ApiProperty({ description: 'Token from the merchant’s claim link or QR code' })
  @Matches(CLAIM_TOKEN, { message: 'claimToken is not a valid claim token' })
  claimToken: string;
}
