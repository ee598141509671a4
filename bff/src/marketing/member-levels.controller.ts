import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { MemberLadderView, MembershipView } from '@jucard/shared';
import { Authenticated, CurrentConsumer, CurrentStaff } from '../auth/auth.guard';
import type { ConsumerPrincipal, StaffPrincipal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param.pipe';
import { MemberLadderDto } from './member-levels.dto';
import { MemberLevelsService } from './member-levels.service';

@ApiTags('marketing')
@Controller('merchant/member-levels')
export class MemberLevelsController {
  constructor(private readonly levels: MemberLevelsService) {}

  @Get()
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  ladder(@CurrentStaff() staff: StaffPrincipal): Promise<MemberLadderView> {
    return this.levels.ladder(staff);
  }

  /** Replaces the whole ladder (lowest first; empty: no levels). */
  @Put()
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  replace(@CurrentStaff() staff: StaffPrincipal, @Body() body: MemberLadderDto): Promise<MemberLadderView> {
    return this.levels.replace(staff, body);
  }
}

@ApiTags('marketing')
@Controller('me/cards/:cardId/membership')
export class ConsumerMembershipController {
  constructor(private readonly levels: MemberLevelsService) {}

  @Get()
  @Authenticated('consumer')
  membership(@CurrentConsumer() consumer: ConsumerPrincipal, @Param('cardId', uuidParam('cardId')) cardId: string): Promise<MembershipView> {
    return this.levels.membership(consumer, cardId);
  }
}
