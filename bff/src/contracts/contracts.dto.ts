import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';

export class TermsAcceptanceDto {
  @ApiProperty({ example: 2, description: 'The version of the product terms shown and accepted' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version: number;
}

export class AgreementsAcceptanceDto {
  @ApiProperty({ example: '2026-12-01', description: 'The 用户协议 version shown at sign-in' })
  @IsString()
  @MaxLength(32)
  userAgreementVersion: string;

  @ApiProperty({ example: '2026-12-01', description: 'The 隐私政策 version shown at sign-in' })
  @IsString()
  @MaxLength(32)
  privacyPolicyVersion: string;
}
