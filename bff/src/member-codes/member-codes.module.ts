import { Module } from '@nestjs/common';
import { MemberCodeSigner } from './member-code-signer';
import { MemberCodesController } from './member-codes.controller';
import { MemberCodesService } from './member-codes.service';
import { MemberCodesRepository } from './member-codes.repository';

@Module({
  controllers: [MemberCodesController],
  providers: [MemberCodesRepository, MemberCodesService, MemberCodeSigner],
  exports: [MemberCodesRepository, MemberCodesService],
})
export class MemberCodesModule {}
