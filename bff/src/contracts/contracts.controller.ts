import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AgreementsStatusView, PlatformAgreementView } from '@jucard/shared';
import { Authenticated, CurrentConsumer } from '../auth/auth.guard';
import type { ConsumerPrincipal } from '../auth/principal';
import { AgreementsAcceptanceDto } from './contracts.dto';
import { ContractsService } from './contracts.service';

/** The platform's 用户协议 and 隐私政策: shown at sign-in, the accepted versions recorded (docs/compliance.md §8). */
@ApiTags('contracts')
@Controller()
export class ContractsController {
  constructor(private readonly contracts: ContractsService) {}

  @Get('legal/agreements')
  agreements(): PlatformAgreementView[] {
    return this.contracts.agreements();
  }

  @Get('me/agreements')
  @Authenticated('consumer')
  status(@CurrentConsumer() consumer: ConsumerPrincipal): Promise<AgreementsStatusView> {
    return this.contracts.agreementsStatus(consumer.consumerId);
  }

  @Post('me/agreements')
  @HttpCode(200)
  @Authenticated('consumer')
  accept(@CurrentConsumer() consumer: ConsumerPrincipal, @Body() body: AgreementsAcceptanceDto): Promise<AgreementsStatusView> {
    return this.contracts.acceptAgreements(consumer.consumerId, body);
  }
}
