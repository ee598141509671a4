import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_AMOUNT_FEN } from '@jucard/shared';
import { IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';

export class InspectMemberCodeDto {
  @ApiProperty({ description: 'The scanned or typed member code: 18 digits, or the QR payload' })
  @IsString()
  @Length(18, 80)
  code: string;

  @ApiProperty()
  @IsUUID('4')
  storeId: string;

  @ApiPropertyOptional({ example: 10000, description: 'The amount typed so far (fen): the coupons come priced for it, best first' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_FEN)
  amountFen?: number;
}
