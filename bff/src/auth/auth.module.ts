import { Global, Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { PasswordHasher } from './password-hasher';
import { RefreshTokenStore } from './refresh-token.store';
import { SmsSender } from './sms-sender';
import { TokenService } from './token.service';
import { WechatLoginClient } from './wechat-login.client';

@Global()
@Module({
  controllers: [AuthController],
  providers: [AuthService, AuthGuard, PasswordHasher, RefreshTokenStore, SmsSender, TokenService, WechatLoginClient],
  exports: [AuthGuard, TokenService, PasswordHasher],
})
export class AuthModule {}
