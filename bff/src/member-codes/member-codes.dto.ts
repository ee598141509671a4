import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Length } from 'class-validator';

export class InspectMemberCodeDto {
  @ApiProperty({ description: 'The scanned or typed member code: 18 digits, or the QR payload' })
  @IsString()
  @Length(18, 80)
  code: string;

  @ApiProperty()
  @IsUUID('4')
  storeId: string;
}
