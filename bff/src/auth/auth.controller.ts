import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { ConsumerProfile, TokenPair } from '@jucard/shared';
import { Limited } from '../limits/limits.guard';
import { Authenticated, CurrentConsumer } from './auth.guard';
import { PasswordLoginDto, PhoneCodeDto, PhoneLoginDto, RefreshDto, WechatLoginDto } from './auth.dto';
import { AuthService } from './auth.service';
import type { ConsumerPrincipal } from './principal';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/consumer/wechat')
  @HttpCode(200)
  loginWithWechat(@Body() body: WechatLoginDto): Promise<TokenPair> {
    return this.auth.loginWithWechat(body.code);
  }

  @Post('auth/consumer/phone/code')
  @HttpCode(202)
  @Limited('sms')
  sendPhoneCode(@Body() body: PhoneCodeDto): Promise<{ resendAfterSeconds: number }> {
    return this.auth.sendPhoneCode(body.phone);
  }

  @Post('auth/consumer/phone')
  @HttpCode(200)
  loginWithPhone(@Body() body: PhoneLoginDto): Promise<TokenPair> {
    return this.auth.loginWithPhone(body.phone, body.code);
  }

  @Post('auth/staff/login')
  @HttpCode(200)
  @Limited('login')
  loginStaff(@Body() body: PasswordLoginDto): Promise<TokenPair> {
    return this.auth.loginStaff(body.username, body.password);
  }

  @Post('auth/operator/login')
  @HttpCode(200)
  @Limited('login')
  loginOperator(@Body() body: PasswordLoginDto): Promise<TokenPair> {
    return this.auth.loginOperator(body.username, body.password);
  }

  @Post('auth/refresh')
  @HttpCode(200)
  refresh(@Body() body: RefreshDto): Promise<TokenPair> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('auth/logout')
  @HttpCode(204)
  logout(@Body() body: RefreshDto): Promise<void> {
    return this.auth.logout(body.refreshToken);
  }

  @Get('me')
  @Authenticated('consumer')
  profile(@CurrentConsumer() consumer: ConsumerPrincipal): Promise<ConsumerProfile> {
    return this.auth.profile(consumer.consumerId);
  }
}
