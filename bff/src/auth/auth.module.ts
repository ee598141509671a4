import { Global, Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { PasswordHasher } from './password-hasher';
import { RefreshTokenStore } from './refresh-token.store';
import { SmsSender } from './sms-sender';
import { StaffDirectory } from './staff-directory';
import { TokenService } from './token.service';
import { WechatLoginClient } from './wechat-login.client';

@Global()
@Module({
  controllers: [AuthController],
  providers: [AuthService, AuthGuard, PasswordHasher, RefreshTokenStore, SmsSender, StaffDirectory, TokenService, WechatLoginClient],
  exports: [AuthGuard, StaffDirectory, TokenService, PasswordHasher],
})
export class AuthModule {}
