import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CardProductView } from '@jucard/shared';
import { Authenticated, CurrentStaff } from '../auth/auth.guard';
import type { StaffPrincipal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param.pipe';
import { CardProductDto } from './card-products.dto';
import { CardProductsService } from './card-products.service';

@ApiTags('card products')
@Controller('merchant/card-products')
export class CardProductsController {
  constructor(private readonly products: CardProductsService) {}

  @Post()
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  create(@CurrentStaff() staff: StaffPrincipal, @Body() body: CardProductDto): Promise<CardProductView> {
    return this.products.create(staff, body);
  }

  @Get()
  @Authenticated('staff')
  list(@CurrentStaff() staff: StaffPrincipal): Promise<CardProductView[]> {
    return this.products.list(staff.merchantId);
  }

  @Get(':productId')
  @Authenticated('staff')
  get(@CurrentStaff() staff: StaffPrincipal, @Param('productId', uuidParam('productId')) productId: string): Promise<CardProductView> {
    return this.products.get(staff.merchantId, productId);
  }

  @Put(':productId')
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  update(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('productId', uuidParam('productId')) productId: string,
    @Body() body: CardProductDto,
  ): Promise<CardProductView> {
    return this.products.update(staff, productId, body);
  }

  @Post(':productId/retire')
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  retire(@CurrentStaff() staff: StaffPrincipal, @Param('productId', uuidParam('productId')) productId: string): Promise<CardProductView> {
    return this.products.retire(staff, productId);
  }
}
