import { countyOrNearest, type CooperationEntry, type CooperationIndex } from '../cooperation/CooperationIndex';
import type { RowProblems } from './RowProblems';
import { reason } from './problems';

/** One end of a pairing as the cooperation check sees it: its id and the code of the division it lies in (its own code for a division). */
export interface PairingEnd {
  id: string;
  region: string | null;
}

const named = (code: string | null, nameOf: (code: string) => string | null): { zh: string; en: string } => {
  if (!code) return { zh: '（无所在地区）', en: '(no location)' };
  const name = nameOf(code);
  return { zh: `${name ?? ''}（${code}）`, en: `${name ?? '?'} (${code})` };
};

const swappedReason = (c: CooperationEntry, field: 'supporting' | 'supported') =>
  field === 'supporting'
    ? reason(
        `支援方和受援方颠倒了：该单位在协作「${c.name}」（${c.id}）的受援方「${c.supported.name}」（${c.supported.code}）`,
        `the two ends are swapped: this unit lies in the supported region ${c.supported.name} (${c.supported.code}) of cooperation ${c.id}`,
      )
    : reason(
        `支援方和受援方颠倒了：该单位在协作「${c.name}」（${c.id}）的支援方「${c.supporting.name}」（${c.supporting.code}）`,
        `the two ends are swapped: this unit lies in the supporting region ${c.supporting.name} (${c.supporting.code}) of cooperation ${c.id}`,
      );

/**
 * Checks that a pairing from `supporting` to `supported` lies in one cooperation: the supporter in its
 * supporting region, the supported unit in its supported region (at any depth). Returns the id of the
 * narrowest such cooperation, or null after recording the problem: WRONG_SIDE on both fields when a
 * cooperation holds the two ends the other way round, else NO_COOPERATION naming the cooperation that is
 * missing (the county, or nearest division, of each end with code and name), on `supported`, or on
 * `supporting` when only the supporter lies in no cooperation's supporting region. Never fails.
 */
export function checkCooperation(
  supporting: PairingEnd,
  supported: PairingEnd,
  cooperations: CooperationIndex,
  nameOf: (code: string) => string | null,
  problems: RowProblems,
): string | null {
  const { match, swapped } = cooperations.match(supporting.region, supported.region);
  if (match) return match.id;
  if (swapped) {
    problems.add('supporting', 'WRONG_SIDE', swappedReason(swapped, 'supporting'));
    problems.add('supported', 'WRONG_SIDE', swappedReason(swapped, 'supported'));
    return null;
  }
  const a = named(supporting.region && countyOrNearest(supporting.region), nameOf);
  const b = named(supported.region && countyOrNearest(supported.region), nameOf);
  const field = cooperations.inAnySide(supported.region, 'supported') && !cooperations.inAnySide(supporting.region, 'supporting') ? 'supporting' : 'supported';
  problems.add(
    field,
    'NO_COOPERATION',
    reason(
      `没有「${a.zh}」支援「${b.zh}」的协作关系：支援方须在一个协作的支援方地区内，受援方须在同一协作的受援方地区内；请先用协作名册或 createCooperation 添加这个协作`,
      `no cooperation has ${a.en} supporting ${b.en}: the supporting unit must lie in a cooperation's supporting region and the supported unit in the same cooperation's supported region; add the cooperation first with a cooperations roster or createCooperation`,
    ),
  );
  return null;
}
