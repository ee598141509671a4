import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { PointsExchangeView, PointsItemView, PointsMallView } from '@jucard/shared';
import { Authenticated, CurrentConsumer, CurrentStaff } from '../auth/auth.guard';
import type { ConsumerPrincipal, StaffPrincipal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param.pipe';
import { PointsExchangeDto, PointsItemDto } from './points-mall.dto';
import { PointsMallService } from './points-mall.service';

@ApiTags('marketing')
@Controller('merchant/points-items')
export class PointsItemsController {
  constructor(private readonly mall: PointsMallService) {}

  @Post()
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  create(@CurrentStaff() staff: StaffPrincipal, @Body() body: PointsItemDto): Promise<PointsItemView> {
    return this.mall.createItem(staff, body);
  }

  @Get()
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  list(@CurrentStaff() staff: StaffPrincipal): Promise<PointsItemView[]> {
    return this.mall.listItems(staff);
  }

  @Post(':itemId/stop')
  @HttpCode(200)
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  stop(@CurrentStaff() staff: StaffPrincipal, @Param('itemId', uuidParam('itemId')) itemId: string): Promise<PointsItemView> {
    return this.mall.stopItem(staff, itemId);
  }
}

@ApiTags('marketing')
@Controller('me/cards/:cardId')
export class ConsumerPointsMallController {
  constructor(private readonly mall: PointsMallService) {}

  @Get('points-mall')
  @Authenticated('consumer')
  offer(@CurrentConsumer() consumer: ConsumerPrincipal, @Param('cardId', uuidParam('cardId')) cardId: string): Promise<PointsMallView> {
    return this.mall.mall(consumer, cardId);
  }

  @Post('points-exchanges')
  @Authenticated('consumer')
  exchange(@CurrentConsumer() consumer: ConsumerPrincipal, @Param('cardId', uuidParam('cardId')) cardId: string, @Body() body: PointsExchangeDto): Promise<PointsExchangeView> {
    return this.mall.exchange(consumer, cardId, body);
  }
}
