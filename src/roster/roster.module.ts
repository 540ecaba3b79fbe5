import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Agency } from './agency.entity';
import { AgenciesController, RosterController, TechniciansController } from './roster.controller';
import { rosterConfig } from './roster.config';
import { RosterService } from './roster.service';
import { Technician } from './technician.entity';

/** Agencies, technicians and the roster spreadsheet. Sampling reads the roster through RosterService. */
@Module({
  imports: [ConfigModule.forFeature(rosterConfig), TypeOrmModule.forFeature([Agency, Technician])],
  providers: [RosterService],
  controllers: [RosterController, AgenciesController, TechniciansController],
  exports: [RosterService],
})
export class RosterModule {}
