import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CardReplacementView, CardUnlockCodeSent, CardView, StaffCardLossView } from '@jucard/shared';
import { Authenticated, CurrentConsumer, CurrentStaff } from '../auth/auth.guard';
import type { ConsumerPrincipal, StaffPrincipal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param.pipe';
import { CardLossService } from './card-loss.service';
import { CardUnlockDto, StaffLossCodeDto, StaffLossDto } from './cards.dto';

/** 挂失 / 解挂 / 补卡 of the consumer's own named card (docs/compliance.md §5). */
@ApiTags('cards')
@Controller('me/cards/:cardId')
@Authenticated('consumer')
export class CardLossController {
  constructor(private readonly loss: CardLossService) {}

  @Post('loss')
  @HttpCode(200)
  reportLost(@CurrentConsumer() consumer: ConsumerPrincipal, @Param('cardId', uuidParam('cardId')) cardId: string): Promise<CardView> {
    return this.loss.reportLost(consumer, cardId);
  }

  @Post('unlock-code')
  @HttpCode(200)
  sendUnlockCode(@CurrentConsumer() consumer: ConsumerPrincipal, @Param('cardId', uuidParam('cardId')) cardId: string): Promise<CardUnlockCodeSent> {
    return this.loss.sendUnlockCode(consumer, cardId);
  }

  @Post('unlock')
  @HttpCode(200)
  unlock(@CurrentConsumer() consumer: ConsumerPrincipal, @Param('cardId', uuidParam('cardId')) cardId: string, @Body() body: CardUnlockDto): Promise<CardView> {
    return this.loss.unlock(consumer, cardId, body.code);
  }

  @Post('replacement')
  @HttpCode(200)
  replace(@CurrentConsumer() consumer: ConsumerPrincipal, @Param('cardId', uuidParam('cardId')) cardId: string): Promise<CardReplacementView> {
    return this.loss.replace(consumer, cardId);
  }
}

/** 挂失 by the merchant's staff for a holder on the phone, after an SMS code to the holder's phone. */
@ApiTags('cards')
@Controller('merchant/card-losses')
@Authenticated('staff')
export class StaffCardLossController {
  constructor(private readonly loss: CardLossService) {}

  @Post('code')
  @HttpCode(200)
  sendCode(@CurrentStaff() staff: StaffPrincipal, @Body() body: StaffLossCodeDto): Promise<CardUnlockCodeSent> {
    return this.loss.sendStaffLossCode(staff, body.phone);
  }

  @Post()
  @HttpCode(200)
  reportLost(@CurrentStaff() staff: StaffPrincipal, @Body() body: StaffLossDto): Promise<StaffCardLossView> {
    return this.loss.reportLostByStaff(staff, body.phone, body.code);
  }
}
