import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, In, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { ConflictError, NotFoundError, RuleViolationError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { inTransaction } from '../database/transaction';
import { entropyProblem } from '../sampling/draw';
import { ObjectDraw } from './entities/object-draw.entity';
import { RatedAgency } from './entities/rated-agency.entity';
import { RatingServiceObject } from './entities/service-object.entity';
import { RatingService } from './rating.service';
import { commitmentOf, drawObject, objectListHash, objectListProblem } from './rules/object-draw';

/** What may be shown of a draw: the secret only once the draw is made. */
/** An object draw on the public page (see publicDraws). */
export interface PublicObjectDraw {
  agencyName: string;
  listHash: string;
  commitment: string;
  fixedAt: Date;
  names?: string[];
  entropy?: string | null;
  seed?: string | null;
  secret?: string;
  drawnOrdinal?: number | null;
  drawnAt?: Date;
}

export function toObjectDrawRecord(d: ObjectDraw) {
  return {
    names: d.names,
    listHash: d.listHash,
    commitment: d.commitment,
    entropy: d.entropy,
    seed: d.seed,
    secret: d.drawnAt ? d.secret : null,
    drawnOrdinal: d.drawnOrdinal,
    drawnName: d.drawnOrdinal ? d.names[d.drawnOrdinal - 1] : null,
    drawnAt: d.drawnAt,
  };
}

/**
 * The on-site draw of one of the agency's listed non-statutory service objects: the list and the commitment are
 * fixed first and cannot change; the public entropy then decides, and the drawn object joins the inspected ones.
 */
@Injectable()
export class ObjectDrawService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly rating: RatingService,
    private readonly audit: AuditService,
  ) {}

  async fixList(actor: Actor, ratedAgencyId: number, names: string[], now = new Date()): Promise<ObjectDraw> {
    assertAdmin(actor);
    const list = names.map((n) => n.trim());
    const problem = objectListProblem(list);
    if (problem) {
      throw new RuleViolationError(problem, 'invalid_object_list');
    }
    return inTransaction(this.ds, async (m) => {
      const a = await this.rating.mustAgency(m, ratedAgencyId);
      this.rating.assertNotFinal(await this.rating.mustRound(m, a.roundId));
      if (await m.findOne(ObjectDraw, { where: { ratedAgencyId } })) {
        throw new ConflictError('该机构的抽取清单已固定，不能更改', 'object_list_fixed');
      }
      const secret = randomBytes(32).toString('hex');
      const row = {
        ratedAgencyId,
        names: list,
        listHash: objectListHash(list),
        secret,
        commitment: commitmentOf(secret),
        entropy: null,
        seed: null,
        drawnOrdinal: null,
        drawnAt: null,
        createdBy: actor.id,
        createdAt: now,
      };
      await m.insert(ObjectDraw, row);
      await this.audit.record(
        actor,
        {
          action: 'rating.object-draw.list',
          target: `rating-agency:${ratedAgencyId}`,
          details: { names: list, listHash: row.listHash, commitment: row.commitment },
        },
        m,
      );
      return m.findOneByOrFail(ObjectDraw, { ratedAgencyId });
    });
  }

  async draw(actor: Actor, ratedAgencyId: number, entropy: string, now = new Date()): Promise<ObjectDraw> {
    assertAdmin(actor);
    const problem = entropyProblem(entropy);
    if (problem) {
      throw new RuleViolationError(problem, 'invalid_entropy');
    }
    return inTransaction(this.ds, async (m) => {
      const a = await this.rating.mustAgency(m, ratedAgencyId);
      this.rating.assertNotFinal(await this.rating.mustRound(m, a.roundId));
      const d = await m.findOne(ObjectDraw, { where: { ratedAgencyId } });
      if (!d) {
        throw new NotFoundError('该机构的抽取清单', ratedAgencyId);
      }
      if (d.drawnAt) {
        throw new ConflictError('该机构已抽取，不能重抽', 'object_already_drawn');
      }
      const result = drawObject(d.secret, entropy, d.names);
      const res = await m.update(
        ObjectDraw,
        { id: d.id, drawnAt: IsNull() },
        { entropy, seed: result.seed, drawnOrdinal: result.drawn, drawnAt: now },
      );
      if (!res.affected) {
        throw new ConflictError('该机构已抽取，不能重抽', 'object_already_drawn');
      }
      const name = d.names[result.drawn - 1];
      await m.insert(RatingServiceObject, {
        ratedAgencyId,
        name,
        kind: 'other',
        createdBy: actor.id,
        createdAt: now,
      });
      await this.audit.record(
        actor,
        {
          action: 'rating.object-draw.draw',
          target: `rating-agency:${ratedAgencyId}`,
          details: {
            entropy,
            seed: result.seed,
            secret: d.secret,
            ranks: result.ranks,
            drawn: result.drawn,
            name,
          },
        },
        m,
      );
      return m.findOneByOrFail(ObjectDraw, { ratedAgencyId });
    });
  }

  /**
   * Every object draw of a round as the public sees it: before the draw only the list's hash and the commitment
   * (so that anyone can keep them and check the draw later), after it the list, the entropy, the seed, the
   * revealed secret and the drawn object. Unknown rounds answer an empty list.
   */
  async publicDraws(roundId: number): Promise<PublicObjectDraw[]> {
    const agencies = await this.ds
      .getRepository(RatedAgency)
      .find({ where: { roundId }, order: { code: 'ASC' } });
    if (agencies.length === 0) {
      return [];
    }
    const draws = await this.ds
      .getRepository(ObjectDraw)
      .find({ where: { ratedAgencyId: In(agencies.map((a) => a.id)) } });
    const nameOf = new Map(agencies.map((a) => [a.id, a.name]));
    return draws
      .sort((a, b) => a.ratedAgencyId - b.ratedAgencyId)
      .map((d) => ({
        agencyName: nameOf.get(d.ratedAgencyId) ?? '',
        listHash: d.listHash,
        commitment: d.commitment,
        fixedAt: d.createdAt,
        ...(d.drawnAt
          ? {
              names: d.names,
              entropy: d.entropy,
              seed: d.seed,
              secret: d.secret,
              drawnOrdinal: d.drawnOrdinal,
              drawnAt: d.drawnAt,
            }
          : {}),
      }));
  }

  async record(actor: Actor, ratedAgencyId: number): Promise<ObjectDraw | null> {
    await this.rating.sheet(actor, ratedAgencyId);
    return this.ds.getRepository(ObjectDraw).findOne({ where: { ratedAgencyId } });
  }
}
