import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { currencyVerdict } from './currency';
import { EnemyGroup } from './entities/enemy-group.entity';
import { QuestionItemVersion } from './entities/question-item-version.entity';
import type { DatedPool, EnemyGroupOfItems, ExcludedItem, PoolItem } from './pool';
import { OPTION_LABELS } from './question-type';

/**
 * What paper assembly may draw on a given exam date: the approved items whose source is current on that day
 * (see currencyVerdict), the approved items left out and why, and the enemy groups.
 */
@Injectable()
export class BankPoolService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async poolOn(date: string): Promise<DatedPool> {
    const versions = await this.ds
      .getRepository(QuestionItemVersion)
      .createQueryBuilder('v')
      .innerJoinAndSelect('v.item', 'i', 'i.currentVersionId = v.id')
      .innerJoinAndSelect('v.source', 's')
      .where('i.status = :status', { status: 'approved' })
      .orderBy('i.id', 'ASC')
      .getMany();
    const items: PoolItem[] = [];
    const excluded: ExcludedItem[] = [];
    for (const v of versions) {
      const source = v.source!;
      const verdict = currencyVerdict(source, v.item!.checkedAgainst, date);
      if (verdict) {
        excluded.push({
          itemId: v.itemId,
          code: v.item!.code,
          sourceKey: source.key,
          article: v.article,
          disciplines: v.disciplines,
          reason: verdict.reason,
        });
        continue;
      }
      items.push({
        itemId: v.itemId,
        code: v.item!.code,
        versionId: v.id,
        type: v.type,
        difficulty: v.difficulty,
        sourceKey: source.key,
        article: v.article,
        disciplines: v.disciplines,
        optionLabels: OPTION_LABELS.filter((l) => l in v.options),
        answer: v.answer,
        shared: source.scope === 'shared',
      });
    }
    return { date, items, excluded, enemyGroups: await this.enemyGroups() };
  }

  /** Every enemy group with its members' item ids (codes unknown to the bank are skipped). */
  async enemyGroups(): Promise<EnemyGroupOfItems[]> {
    const groups = await this.ds.getRepository(EnemyGroup).find({ order: { code: 'ASC' } });
    if (groups.length === 0) {
      return [];
    }
    const rows: Array<{ id: number; code: string }> = await this.ds
      .createQueryBuilder()
      .select(['i.id AS id', 'i.code AS code'])
      .from('qb_items', 'i')
      .getRawMany();
    const idOf = new Map(rows.map((r) => [r.code, Number(r.id)]));
    return groups.map((g) => ({
      code: g.code,
      reason: g.reason,
      itemIds: g.itemCodes.map((c) => idOf.get(c)).filter((x): x is number => x !== undefined),
    }));
  }
}
