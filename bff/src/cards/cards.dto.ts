import { Injectable, type PipeTransform } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { PHONE_PATTERN } from '../auth/auth.dto';
import { DomainError } from '../common/domain-error';

export const CLAIM_TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

export class ClaimCardDto {
  @ApiProperty({ description: 'Token from the merchant’s claim link or QR code' })
  @Matches(CLAIM_TOKEN, { message: 'claimToken is not a valid claim token' })
  claimToken: string;

  @ApiPropertyOptional({ description: 'The version of the product terms shown on the claim page and accepted; needed when the product has terms' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  acceptedTermsVersion?: number;
}

/** An event id is the ledger operation id (1–64 characters, `redeem:6f1c…`). */
const EVENT_ID = /^[A-Za-z0-9][A-Za-z0-9:_-]{0,63}$/;

/** A malformed event id is a 422 naming the parameter, like a malformed card id. */
@Injectable()
export class EventIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!EVENT_ID.test(value)) throw new DomainError('VALIDATION_FAILED', 'eventId', { eventId: ['eventId is not a valid event id'] });
    return value;
  }
}

export class CardUnlockDto {
  @ApiProperty({ description: 'The 6-digit SMS code sent by POST /me/cards/:cardId/unlock-code' })
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code: string;
}

export class StaffLossCodeDto {
  @ApiProperty({ description: 'The card holder’s mainland mobile number' })
  @Matches(PHONE_PATTERN, { message: 'phone must be an 11-digit mainland mobile number' })
  phone: string;
}

export class StaffLossDto extends StaffLossCodeDto {
  @ApiProperty({ description: 'The 6-digit SMS code the holder reads back' })
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code: string;
}
