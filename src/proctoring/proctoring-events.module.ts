import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProctoringEvent } from './proctoring-event.entity';
import { ProctoringEventsService } from './proctoring-events.service';

/**
 * The proctoring log on its own, so that sessions (which receive the candidate's reports and notice second
 * logins) can append to it without depending on the proctors' gateway and actions.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ProctoringEvent])],
  providers: [ProctoringEventsService],
  exports: [ProctoringEventsService],
})
export class ProctoringEventsModule {}
