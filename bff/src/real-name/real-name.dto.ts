import { ApiProperty } from '@nestjs/swagger';
import type { RealNameRequest } from '@jucard/shared';
import { IsString, Length, Matches } from 'class-validator';

export class RealNameDto implements RealNameRequest {
  @ApiProperty({ description: 'The holder’s name as on the resident ID card', example: '张三' })
  @IsString()
  @Length(2, 30, { message: 'name must be 2 to 30 characters' })
  name: string;

  @ApiProperty({ description: 'The 18-character resident ID number (GB 11643); a trailing x is read as X', example: '11010519491231002X' })
  @IsString()
  @Matches(/^\s*(\d\s*){17}[\dXx]\s*$/, { message: 'idNo must be 18 characters: 17 digits and a digit or X' })
  idNo: string;
}
