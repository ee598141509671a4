import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { RiskModule } from '../risk/risk.module';
import { IdentityVerificationClient } from './identity-verification.client';
import { RealNameController } from './real-name.controller';
import { RealNameRepository } from './real-name.repository';
import { RealNameService } from './real-name.service';

/** 实名 (docs/compliance.md §6): the consumer's verified identity, sealed; payments asks it before a top-up. */
@Module({
  imports: [AuthModule, RiskModule],
  controllers: [RealNameController],
  providers: [RealNameRepository, IdentityVerificationClient, RealNameService],
  exports: [RealNameService],
})
export class RealNameModule {}
