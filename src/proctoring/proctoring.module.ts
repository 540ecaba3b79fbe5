import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { IdentityCheckController } from './identity-check.controller';
import { IdentityCheckService } from './identity-check.service';
import { LiveViewService } from './live-view.service';
import { ProctorActionsService } from './proctor-actions.service';
import { ProctoringController } from './proctoring.controller';
import { ProctoringEventsModule } from './proctoring-events.module';
import { ProctoringGateway } from './proctoring.gateway';

/** The proctors' live view, their actions and their socket. */
@Module({
  imports: [SessionsModule, ProctoringEventsModule],
  providers: [LiveViewService, ProctorActionsService, ProctoringGateway, IdentityCheckService],
  controllers: [ProctoringController, IdentityCheckController],
  exports: [ProctorActionsService, LiveViewService],
})
export class ProctoringModule {}
