import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches, MaxLength, MinLength } from 'class-validator';
import { IsUsername } from './username';

export const PHONE_PATTERN = /^1[3-9]\d{9}$/;

export class WechatLoginDto {
  @ApiProperty({ description: 'Code from wx.login()' })
  @IsString()
  @Length(1, 128)
  code: string;
}

export class PhoneCodeDto {
  @ApiProperty({ example: '13800138000' })
  @Matches(PHONE_PATTERN, { message: 'phone must be an 11-digit mainland mobile number' })
  phone: string;
}

export class PhoneLoginDto extends PhoneCodeDto {
  @ApiProperty({ example: '123456' })
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code: string;
}

export class PasswordLoginDto {
  @ApiProperty({ example: 'demo-owner' })
  @IsString()
  @IsUsername()
  username: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @Length(20, 200)
  refreshToken: string;
}
