import { Module } from '@nestjs/common';
import { CardsModule } from '../cards/cards.module';
import { MerchantsModule } from '../merchants/merchants.module';
import { MerchantBackOfficeController, OperatorBackOfficeController } from './back-office.controller';
import { AuditNamesRepository } from './audit-names.repository';
import { BackOfficeRepository } from './back-office.repository';
import { DashboardService } from './dashboard.service';
import { OperatorControlsService } from './operator-controls.service';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';
import { TeamService } from './team.service';

/** The merchant's and the operator's back office: dashboard, reports and exports, team edits, freezes, audit. */
@Module({
  imports: [MerchantsModule, CardsModule],
  controllers: [MerchantBackOfficeController, OperatorBackOfficeController],
  providers: [BackOfficeRepository, AuditNamesRepository, ReportsRepository, DashboardService, ReportsService, TeamService, OperatorControlsService],
  exports: [BackOfficeRepository, ReportsRepository],
})
export class BackOfficeModule {}
