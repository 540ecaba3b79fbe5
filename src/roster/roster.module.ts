import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Agency } from './agency.entity';
import { AgenciesController, RosterController, TechniciansController } from './roster.controller';
import { rosterConfig } from './roster.config';
import { AgenciesService } from './agencies.service';
import { RosterImportService } from './roster-import.service';
import { RosterTransactions } from './roster-transactions';
import { TechniciansService } from './technicians.service';
import { Technician } from './technician.entity';

/** Agencies, technicians and the roster spreadsheet. Sampling reads the roster through TechniciansService.snapshotSource. */
@Module({
  imports: [ConfigModule.forFeature(rosterConfig), TypeOrmModule.forFeature([Agency, Technician])],
  providers: [RosterTransactions, AgenciesService, TechniciansService, RosterImportService],
  controllers: [RosterController, AgenciesController, TechniciansController],
  exports: [AgenciesService, TechniciansService, RosterImportService],
})
export class RosterModule {}
