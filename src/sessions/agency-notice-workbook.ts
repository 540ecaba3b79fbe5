import ExcelJS from 'exceljs';
import { chinaTime } from './ticket';

/** One drawn technician as the agencies' notice lists them. */
export interface NoticeRow {
  agencyId: number;
  agencyName: string;
  agencyCode: string;
  name: string;
  /** The discipline's name. */
  discipline: string;
  via: 'drawn' | 'substitute';
  /** Null while the person has no sitting (printed 未安排). */
  sitting: {
    name: string;
    mode: 'room' | 'online';
    location: string;
    windowStart: Date;
    windowEnd: Date;
    seat: number;
    ticketNumber: string;
  } | null;
}

const HEADERS = [
  { header: '序号', width: 6 },
  { header: '姓名', width: 10 },
  { header: '专业', width: 12 },
  { header: '抽取方式', width: 8 },
  { header: '场次', width: 18 },
  { header: '考试时间（北京时间）', width: 36 },
  { header: '地点', width: 30 },
  { header: '座位号', width: 7 },
  { header: '准考证号', width: 16 },
];

/**
 * 通知各机构: one sheet, the agencies one after another (by name), each under a title row with its name,
 * credit code and head count, then its people by sitting time and seat. One sheet rather than one per agency:
 * agencies' names are longer than Excel's 31-character sheet names.
 */
export async function agencyNoticeWorkbook(rows: readonly NoticeRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.title = '抽考人员考试安排（通知各机构）';
  const ws = wb.addWorksheet('通知各机构', { pageSetup: { orientation: 'landscape', fitToWidth: 1 } });
  ws.columns = HEADERS.map((h) => ({ width: h.width }));
  const byAgency = new Map<number, NoticeRow[]>();
  for (const r of rows) {
    const list = byAgency.get(r.agencyId) ?? [];
    list.push(r);
    byAgency.set(r.agencyId, list);
  }
  const agencies = [...byAgency.values()].sort((a, b) =>
    a[0].agencyName.localeCompare(b[0].agencyName, 'zh-CN'),
  );
  for (const people of agencies) {
    const head = people[0];
    const unplaced = people.filter((p) => !p.sitting).length;
    const title = ws.addRow([
      `${head.agencyName}（${head.agencyCode}）  共 ${people.length} 人${unplaced ? `，其中 ${unplaced} 人未安排场次` : ''}`,
    ]);
    ws.mergeCells(title.number, 1, title.number, HEADERS.length);
    title.font = { bold: true, size: 12 };
    title.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFF3F8' } };
    const header = ws.addRow(HEADERS.map((h) => h.header));
    header.font = { bold: true };
    const sorted = [...people].sort(
      (a, b) =>
        (a.sitting?.windowStart.getTime() ?? Infinity) - (b.sitting?.windowStart.getTime() ?? Infinity) ||
        (a.sitting?.seat ?? 0) - (b.sitting?.seat ?? 0) ||
        a.name.localeCompare(b.name, 'zh-CN'),
    );
    sorted.forEach((p, i) => {
      const s = p.sitting;
      ws.addRow([
        i + 1,
        p.name,
        p.discipline,
        p.via === 'drawn' ? '抽中' : '递补',
        s ? s.name : '未安排',
        s ? `${chinaTime(s.windowStart)} 至 ${chinaTime(s.windowEnd)}` : '',
        s ? `${s.mode === 'room' ? '' : '线上：'}${s.location}` : '',
        s && s.mode === 'room' ? s.seat : '',
        s ? s.ticketNumber : '',
      ]);
    });
    ws.addRow([]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
