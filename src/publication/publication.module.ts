import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SamplingModule } from '../sampling/sampling.module';
import { ScoringModule } from '../scoring/scoring.module';
import { CalendarsService } from './calendars.service';
import { LookupLogEntry } from './lookup-log.entity';
import { LookupLogWriter } from './lookup-log.writer';
import { LookupService } from './lookup.service';
import { Objection } from './objection.entity';
import { ObjectionsService } from './objections.service';
import { PublicResultsController } from './public-results.controller';
import { PublicResultsService } from './public-results.service';
import { PublicationVersion } from './publication-version.entity';
import { PublicationController } from './publication.controller';
import { Publication } from './publication.entity';
import { PublicationService } from './publication.service';
import { PUBLICATION_SETTINGS, readPublicationSettings } from './publication.settings';
import { PublishedAgency } from './published-agency.entity';
import { PublishedCandidate } from './published-candidate.entity';
import { YearCalendarRow } from './year-calendar.entity';

/** Public results with masking, the individual lookup, the notice period, objections and finalisation. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      Publication,
      PublicationVersion,
      PublishedCandidate,
      PublishedAgency,
      Objection,
      LookupLogEntry,
      YearCalendarRow,
    ]),
    SamplingModule,
    ScoringModule,
  ],
  providers: [
    {
      provide: PUBLICATION_SETTINGS,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => readPublicationSettings(config),
    },
    CalendarsService,
    PublicationService,
    PublicResultsService,
    LookupLogWriter,
    LookupService,
    ObjectionsService,
  ],
  controllers: [PublicResultsController, PublicationController],
  exports: [PublicationService, LookupLogWriter, CalendarsService],
})
export class PublicationModule {}
