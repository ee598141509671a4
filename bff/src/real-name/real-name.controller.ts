import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { RealNameView } from '@jucard/shared';
import { Authenticated, CurrentConsumer } from '../auth/auth.guard';
import type { ConsumerPrincipal } from '../auth/principal';
import { RealNameDto } from './real-name.dto';
import { RealNameService } from './real-name.service';

/** 实名认证 of the signed-in consumer (docs/compliance.md §6); the ID number only ever comes back masked. */
@ApiTags('real-name')
@Controller('me/real-name')
@Authenticated('consumer')
export class RealNameController {
  constructor(private readonly realName: RealNameService) {}

  @Get()
  status(@CurrentConsumer() consumer: ConsumerPrincipal): Promise<RealNameView> {
    return this.realName.status(consumer);
  }

  @Post()
  @HttpCode(200)
  verify(@CurrentConsumer() consumer: ConsumerPrincipal, @Body() body: RealNameDto): Promise<RealNameView> {
    return this.realName.verify(consumer, body);
  }
}
