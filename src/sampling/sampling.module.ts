import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RosterModule } from '../roster/roster.module';
import { CampaignAgency } from './campaign-agency.entity';
import { CampaignCommitment } from './campaign-commitment.entity';
import { CampaignTechnician } from './campaign-technician.entity';
import { Campaign } from './campaign.entity';
import { DrawEntry } from './draw-entry.entity';
import { Excusal } from './excusal.entity';
import { CampaignsController, PublicCampaignsController } from './sampling.controller';
import { SamplingService } from './sampling.service';

/** Campaigns and the verifiable draw. Later modules read the sample through SamplingService. */
@Module({
  imports: [
    RosterModule,
    TypeOrmModule.forFeature([
      Campaign,
      CampaignAgency,
      CampaignTechnician,
      DrawEntry,
      Excusal,
      CampaignCommitment,
    ]),
  ],
  providers: [SamplingService],
  controllers: [CampaignsController, PublicCampaignsController],
  exports: [SamplingService],
})
export class SamplingModule {}
