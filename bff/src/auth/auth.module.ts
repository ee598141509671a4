import { Global, Module } from '@nestjs/common';
import { AccessRevocations } from './access-revocations';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { OneTimeCodes } from './one-time-codes';
import { PasswordHasher } from './password-hasher';
import { RefreshTokenStore } from './refresh-token.store';
import { SmsSender } from './sms-sender';
import { StaffDirectory } from './staff-directory';
import { TokenService } from './token.service';
import { WechatLoginClient } from './wechat-login.client';
import { IdentityRepository } from './identity.repository';
import { RefreshTokensRepository } from './refresh-tokens.repository';

@Global()
@Module({
  controllers: [AuthController],
  providers: [AccessRevocations, IdentityRepository, RefreshTokensRepository, AuthService, AuthGuard, OneTimeCodes, PasswordHasher, RefreshTokenStore, SmsSender, StaffDirectory, TokenService, WechatLoginClient],
  exports: [AccessRevocations, IdentityRepository, RefreshTokensRepository, AuthGuard, OneTimeCodes, StaffDirectory, TokenService, PasswordHasher, SmsSender],
})
export class AuthModule {}
