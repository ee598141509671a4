import { Controller, Get, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { MemberCodeStatus, MemberCodeView } from '@jucard/shared';
import { Authenticated, CurrentConsumer } from '../auth/auth.guard';
import type { ConsumerPrincipal } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { uuidParam } from '../common/uuid-param.pipe';
import { Limited } from '../limits/limits.guard';
import { MemberCodesService } from './member-codes.service';

@ApiTags('member codes')
@Controller('me')
export class MemberCodesController {
  constructor(private readonly codes: MemberCodesService) {}

  @Post('cards/:cardId/member-code')
  @Authenticated('consumer')
  @Limited('member-code')
  issue(@CurrentConsumer() consumer: ConsumerPrincipal, @Param('cardId', uuidParam('cardId')) cardId: string): Promise<MemberCodeView> {
    return this.codes.issue(consumer, cardId);
  }

  @Get('member-codes/:codeId')
  @Authenticated('consumer')
  status(@CurrentConsumer() consumer: ConsumerPrincipal, @Param('codeId') codeId: string): Promise<MemberCodeStatus> {
    if (!/^\d{9}$/.test(codeId)) throw new DomainError('NOT_FOUND', 'member code');
    return this.codes.status(consumer, codeId);
  }
}
