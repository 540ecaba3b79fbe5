import { DEFAULT_DISCIPLINES } from '../config/disciplines';
import { DEFAULT_COUNTIES } from './counties';
import { idCheckChar } from './id-number';
import type { AgencySheetRow, TechnicianSheetRow } from './roster-workbook';
import { USCC_CHARSET, usccCheckChar } from './uscc';

/**
 * Fictional rosters for the shipped sample, the tests and the benchmarks: invented agencies and people with
 * valid check digits, deterministic for a given seed. Nothing here names a real company or person.
 */
export interface FictionalRosterOptions {
  agencies: number;
  /** Technicians per agency, drawn uniformly from [min, max]. */
  perAgency: [number, number];
  seed: number;
  /** Agencies (by index) that get no technicians at all. */
  emptyAgencies?: number[];
  /** How many people are also listed, active, in a second agency (a conflict to resolve). */
  conflicts?: number;
  /** Share of technicians marked 离职 (0–1). */
  inactiveShare?: number;
}

export interface FictionalRoster {
  agencies: AgencySheetRow[];
  technicians: TechnicianSheetRow[];
}

/** A small, fast PRNG (mulberry32) so that fixtures are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Division codes of 临沂's districts and counties, in the order of DEFAULT_COUNTIES (zones use the city's). */
const DIVISIONS = [
  '371302',
  '371311',
  '371312',
  '371321',
  '371322',
  '371323',
  '371324',
  '371325',
  '371326',
  '371327',
  '371328',
  '371329',
  '371300',
  '371300',
  '371300',
  '371300',
  '371300',
];
const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹香月莺媛瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽';
const NAME_WORDS = [
  '安泰',
  '沂蒙',
  '鲁南',
  '华安',
  '恒信',
  '安达',
  '正元',
  '众安',
  '金盾',
  '远航',
  '润泽',
  '海川',
  '瑞祥',
  '永安',
  '宏图',
  '天衡',
  '同创',
  '诚信',
  '德邦',
  '明远',
];
const NAME_KINDS = [
  '安全技术服务有限公司',
  '安全评价有限公司',
  '检测技术有限公司',
  '安全咨询有限公司',
  '职业卫生技术服务有限公司',
];
const CERTIFICATES = ['注册安全工程师', '安全评价师', '高级工程师', '工程师', '助理工程师'];

export function generateFictionalRoster(o: FictionalRosterOptions): FictionalRoster {
  const rnd = prng(o.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

  const agencies: AgencySheetRow[] = [];
  const codes = new Set<string>();
  for (let i = 0; i < o.agencies; i++) {
    const countyIndex = i % DEFAULT_COUNTIES.length;
    let code = '';
    do {
      let body = `91${DIVISIONS[countyIndex]}MA`;
      for (let j = 0; j < 7; j++) {
        body += USCC_CHARSET[int(0, 30)];
      }
      code = body + usccCheckChar(body);
    } while (codes.has(code));
    codes.add(code);
    agencies.push({
      code,
      name: `临沂${NAME_WORDS[i % NAME_WORDS.length]}${NAME_KINDS[Math.floor(i / NAME_WORDS.length) % NAME_KINDS.length]}${i >= NAME_WORDS.length * NAME_KINDS.length ? `第${i}分公司` : ''}`,
      county: DEFAULT_COUNTIES[countyIndex],
      contactName: `${pick(Array.from(SURNAMES))}经理`,
      contactPhone: `0539-${String(int(2000000, 8999999))}`,
      active: true,
    });
  }

  const technicians: TechnicianSheetRow[] = [];
  const ids = new Set<string>();
  const newId = (): string => {
    for (;;) {
      const division = pick(DIVISIONS.slice(0, 12));
      const y = int(1962, 1998);
      const m = int(1, 12);
      const d = int(1, 28);
      const body = `${division}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(int(0, 999)).padStart(3, '0')}`;
      const id = body + idCheckChar(body);
      if (!ids.has(id)) {
        ids.add(id);
        return id;
      }
    }
  };
  const empty = new Set(o.emptyAgencies ?? []);
  agencies.forEach((a, i) => {
    if (empty.has(i)) {
      return;
    }
    const n = int(o.perAgency[0], o.perAgency[1]);
    // Most agencies work in two or three disciplines, with a main one.
    const own = [pick(DEFAULT_DISCIPLINES), pick(DEFAULT_DISCIPLINES), pick(DEFAULT_DISCIPLINES)];
    for (let j = 0; j < n; j++) {
      const discipline = j % 3 === 0 || rnd() < 0.5 ? own[0] : pick(own);
      const nCert = int(0, 2);
      const certs = new Set<string>();
      for (let c = 0; c < nCert; c++) {
        certs.add(pick(CERTIFICATES));
      }
      technicians.push({
        name:
          pick(Array.from(SURNAMES)) + pick(Array.from(GIVEN)) + (rnd() < 0.6 ? pick(Array.from(GIVEN)) : ''),
        idNumber: newId(),
        agencyCode: a.code,
        disciplineName: discipline.name,
        certificates: [...certs],
        fullTime: rnd() < 0.9,
        active: rnd() >= (o.inactiveShare ?? 0),
      });
    }
  });

  // The same person, active, in a second agency.
  const conflicts = Math.min(o.conflicts ?? 0, technicians.length);
  for (let c = 0; c < conflicts; c++) {
    const person = technicians[c * 7];
    const other = agencies.find((a, i) => a.code !== person.agencyCode && !empty.has(i));
    if (other) {
      person.active = true;
      technicians.push({ ...person, agencyCode: other.code, certificates: [...person.certificates] });
    }
  }
  return { agencies, technicians };
}
