import { Module } from '@nestjs/common';
import { MerchantsModule } from '../merchants/merchants.module';
import { MerchantBackOfficeController, OperatorBackOfficeController } from './back-office.controller';
import { DashboardService } from './dashboard.service';
import { OperatorControlsService } from './operator-controls.service';
import { ReportsService } from './reports.service';
import { TeamService } from './team.service';
import { BackOfficeRepository } from './back-office.repository';

/** The merchant's and the operator's back office: dashboard, reports and exports, team edits, freezes, audit. */
@Module({
  imports: [MerchantsModule],
  controllers: [MerchantBackOfficeController, OperatorBackOfficeController],
  providers: [BackOfficeRepository, DashboardService, ReportsService, TeamService, OperatorControlsService],
  exports: [BackOfficeRepository],
})
export class BackOfficeModule {}
