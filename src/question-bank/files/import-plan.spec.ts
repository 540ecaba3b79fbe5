import type { BankItem } from './bank-format';
import { contentHash } from './content-hash';
import { countPlan, ExistingItemState, IncomingItem, planImport } from './import-plan';

const item = (id: string, over: Partial<BankItem> = {}): BankItem => ({
  id,
  type: 'judge',
  stem: `题干 ${id}`,
  answer: true,
  source: { document: '安全生产法', article: '第五条' },
  basis: '依据',
  disciplines: ['common'],
  difficulty: 2,
  status: 'approved',
  ...over,
});
const incoming = (i: BankItem, origin = 'file:laws/a.yaml'): IncomingItem => ({
  item: i,
  hash: contentHash(i),
  origin,
});
const stored = (i: BankItem, over: Partial<ExistingItemState> = {}): ExistingItemState => ({
  id: 1,
  code: i.id,
  status: i.status,
  currentHash: contentHash(i),
  fileHash: contentHash(i),
  fileStatus: i.status,
  origin: 'file:laws/a.yaml',
  versionCount: 1,
  ...over,
});

describe('planImport from the shipped files', () => {
  it('adds new items and leaves unchanged ones alone: a second import changes nothing', () => {
    const a = item('a-1');
    const first = planImport([], [incoming(a)], 'files');
    expect(countPlan(first)).toEqual({ added: 1, changed: 0, statusChanged: 0, unchanged: 0, missing: 0 });
    const second = planImport([stored(a)], [incoming(a)], 'files');
    expect(countPlan(second)).toEqual({ added: 0, changed: 0, statusChanged: 0, unchanged: 1, missing: 0 });
  });

  it('makes a new version when the file content changed', () => {
    const a = item('a-1');
    const edited = item('a-1', { stem: '改过的题干' });
    const plan = planImport([stored(a)], [incoming(edited)], 'files');
    expect(plan.update).toHaveLength(1);
    expect(plan.update[0]).toMatchObject({ newVersion: true, status: 'approved', trackFile: true });
  });

  it('applies a status change made in the file', () => {
    const a = item('a-1', { status: 'draft' });
    const plan = planImport([stored(a)], [incoming({ ...a, status: 'approved' })], 'files');
    expect(plan.update[0]).toMatchObject({ newVersion: false, status: 'approved' });
    expect(countPlan(plan).statusChanged).toBe(1);
  });

  it('keeps an approval or an edit made in the application while the file stays as it was', () => {
    const a = item('a-1', { status: 'draft' });
    const approvedInApp = stored(a, { status: 'approved', fileStatus: 'draft' });
    expect(countPlan(planImport([approvedInApp], [incoming(a)], 'files')).unchanged).toBe(1);
    const editedInApp = stored(a, { currentHash: 'other', versionCount: 2 });
    expect(countPlan(planImport([editedInApp], [incoming(a)], 'files')).unchanged).toBe(1);
  });

  it('takes the file status with new file content, so unreviewed content is not left approved', () => {
    const a = item('a-1', { status: 'draft' });
    const approvedInApp = stored(a, { status: 'approved', fileStatus: 'draft' });
    const plan = planImport([approvedInApp], [incoming({ ...a, stem: '新题干' })], 'files');
    expect(plan.update[0]).toMatchObject({ newVersion: true, status: 'draft' });
  });

  it('adopts file content equal to the current version without a new version', () => {
    const a = item('a-1');
    const plan = planImport(
      [stored(a, { fileHash: null, fileStatus: null, origin: 'upload' })],
      [incoming(a)],
      'files',
    );
    expect(plan.update[0]).toMatchObject({ newVersion: false, status: 'approved', trackFile: true });
    expect(countPlan(plan)).toMatchObject({ changed: 0, statusChanged: 0, unchanged: 1 });
  });

  it('reports items the files no longer contain instead of deleting them', () => {
    const a = item('a-1');
    const b = item('b-1');
    const adminMade = item('c-1');
    const plan = planImport(
      [stored(a), stored(b), stored(adminMade, { origin: 'admin', fileHash: null, fileStatus: null })],
      [incoming(a)],
      'files',
    );
    expect(plan.missing).toEqual(['b-1']);
    expect(plan.update).toHaveLength(0);
  });
});

describe('planImport from an upload', () => {
  it('compares with the current version and status', () => {
    const a = item('a-1');
    const editedInApp = stored(a, { currentHash: 'other' });
    const plan = planImport([editedInApp], [incoming(a, 'upload')], 'upload');
    expect(plan.update[0]).toMatchObject({ newVersion: true, trackFile: false });
    const same = planImport([stored(a)], [incoming({ ...a, status: 'retired' }, 'upload')], 'upload');
    expect(same.update[0]).toMatchObject({ newVersion: false, status: 'retired' });
    expect(planImport([stored(a)], [incoming(a, 'upload')], 'upload').unchanged).toBe(1);
    expect(planImport([stored(a)], [], 'upload').missing).toEqual([]);
  });
});
