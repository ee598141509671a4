import { Module } from '@nestjs/common';
import { MemberCodeSigner } from './member-code-signer';
import { MemberCodesController } from './member-codes.controller';
import { MemberCodesService } from './member-codes.service';

@Module({
  controllers: [MemberCodesController],
  providers: [MemberCodesService, MemberCodeSigner],
  exports: [MemberCodesService],
})
export class MemberCodesModule {}
