import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { syntheticPool } from '../../src/papers/synthetic-pool';
import { QuestionItemDiscipline } from '../../src/question-bank/entities/question-item-discipline.entity';
import { QuestionItemVersion } from '../../src/question-bank/entities/question-item-version.entity';
import { QuestionItem } from '../../src/question-bank/entities/question-item.entity';
import { QuestionSource } from '../../src/question-bank/entities/question-source.entity';
import { contentHash } from '../../src/question-bank/files/content-hash';
import type { QuestionType } from '../../src/question-bank/question-type';

export const HC = 'hazardous-chemicals';
export const MACH = 'machinery';
const CHARS =
  '安全生产经营单位主要负责人应当建立健全本全员责任制组织制定规章制度和操作规程保证投入有效实施督促检查隐患排查治理及时消除事故危险化学品储存装置作业场所设备设施监测预警应急救援预案演练培训教育考核';

/** A stem unlike every other (random characters), so that the bank's near-duplicate check stays quiet. */
export function stemFor(n: number): string {
  let x = n * 2654435761;
  let s = '';
  for (let i = 0; i < 24; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    s += CHARS[x % CHARS.length];
  }
  return `${s}（${n}）`;
}

/** What seedBank puts in: common items, and per discipline its own items (the synthetic pool's shape). */
export interface BankShape {
  disciplines: string[];
  common: Record<QuestionType, number>;
  perDiscipline: Record<QuestionType, number>;
}

/** 170 common items citing 安全生产法 and two other laws, and 85 for each of two disciplines. */
export const TWO_DISCIPLINE_BANK: BankShape = {
  disciplines: [HC, MACH],
  common: { judge: 40, single: 100, multiple: 30 },
  perDiscipline: { judge: 20, single: 50, multiple: 15 },
};

/**
 * Approved items straight into the bank tables (a factory: the bank's own import is tested by its owner), of the
 * given shape: each discipline's items cite `<discipline>-standard`.
 */
export async function seedBank(ds: DataSource, shape: BankShape = TWO_DISCIPLINE_BANK): Promise<void> {
  const now = new Date();
  const insert = async (entity: EntityTarget<ObjectLiteral>, rows: ObjectLiteral[]): Promise<void> => {
    for (let i = 0; i < rows.length; i += 200) {
      await ds
        .createQueryBuilder()
        .insert()
        .into(entity)
        .values(rows.slice(i, i + 200))
        .updateEntity(false)
        .execute();
    }
  };
  const sourceKeys = [
    '安全生产法',
    '山东省安全生产条例',
    '安全评价检测检验机构管理办法',
    ...shape.disciplines.map((d) => `${d}-standard`),
  ];
  await insert(
    QuestionSource,
    sourceKeys.map((key) => ({
      key,
      title: key,
      issuer: '测试',
      status: 'in-force',
      createdAt: now,
      updatedAt: now,
    })),
  );
  const sourceId = new Map((await ds.getRepository(QuestionSource).find()).map((s) => [s.key, s.id]));
  const pool = syntheticPool(shape);
  await insert(
    QuestionItem,
    pool.map((p) => ({
      code: p.code,
      status: 'approved',
      versionCount: 1,
      origin: 'admin',
      statusChangedAt: now,
      createdAt: now,
      updatedAt: now,
    })),
  );
  const itemId = new Map((await ds.getRepository(QuestionItem).find()).map((i) => [i.code, i.id]));
  await insert(
    QuestionItemVersion,
    pool.map((p) => {
      const options = Object.fromEntries(
        p.optionLabels.map((l) => [l, `${stemFor(p.itemId).slice(0, 6)}选项${l}`]),
      );
      const content = {
        id: p.code,
        type: p.type,
        stem: stemFor(p.itemId),
        ...(p.type === 'judge' ? {} : { options }),
        answer: p.answer,
        source: { document: p.sourceKey, article: p.article },
        basis: `${p.sourceKey}${p.article}的条文`,
        disciplines: p.disciplines,
        difficulty: p.difficulty,
        status: 'approved' as const,
      };
      return {
        itemId: itemId.get(p.code)!,
        versionNo: 1,
        type: p.type,
        stem: content.stem,
        options: p.type === 'judge' ? {} : options,
        answer: p.answer,
        sourceId: sourceId.get(p.sourceKey)!,
        article: p.article,
        basis: content.basis,
        explanation: '仅供审核人员阅读的解析',
        disciplines: p.disciplines,
        difficulty: p.difficulty,
        contentHash: contentHash(content),
        createdBy: 'system',
        createdAt: now,
      };
    }),
  );
  await ds.query(
    'UPDATE qb_items SET current_version_id = (SELECT v.id FROM qb_item_versions v WHERE v.item_id = qb_items.id)',
  );
  await insert(
    QuestionItemDiscipline,
    pool.flatMap((p) => p.disciplines.map((discipline) => ({ itemId: itemId.get(p.code)!, discipline }))),
  );
}
