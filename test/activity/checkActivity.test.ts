import { activityIdOf } from '../../src/activity/activityId';
import { checkActivity, type ActivityInputRow, type ActivityProblem } from '../../src/activity/checkActivity';
import { ACTIVITY_FORM_UNITS, ACTIVITY_FORMS, MEASURE_UNITS } from '../../src/domain/vocabulary';

const today = '2024-06-30';
const good: ActivityInputRow = { pairingId: 'pairing-x', date: '2024-01-02', form: 'TRAINING', measures: [{ value: 120, unit: 'PERSON_TIMES' }, { value: 3, unit: 'SESSIONS' }] };

function problemsOf(input: ActivityInputRow): ActivityProblem[] {
  const problems: ActivityProblem[] = [];
  const checked = checkActivity(4, input, today, problems);
  expect(checked === null).toBe(problems.length > 0);
  return problems;
}

describe('checkActivity', () => {
  it('accepts a good row, sorts its measures by unit and derives the id from the natural key', () => {
    const checked = checkActivity(0, good, today, [])!;
    expect(checked.measures).toEqual([{ value: 120, unit: 'PERSON_TIMES' }, { value: 3, unit: 'SESSIONS' }].sort((a, b) => MEASURE_UNITS.indexOf(a.unit as never) - MEASURE_UNITS.indexOf(b.unit as never)));
    expect(checked.idGiven).toBe(false);
    expect(checked.id).toBe(activityIdOf({ ownerId: 'pairing-x', date: '2024-01-02', form: 'TRAINING', measures: checked.measures }));
    expect(checked.id).toMatch(/^act-20240102-[0-9a-f]{16}$/);
    // The measures' order does not change the key; another value does.
    const reversed = checkActivity(0, { ...good, measures: [...good.measures!].reverse(), note: 'other note' }, today, [])!;
    expect(reversed.id).toBe(checked.id);
    expect(checkActivity(0, { ...good, measures: [{ value: 121, unit: 'PERSON_TIMES' }, { value: 3, unit: 'SESSIONS' }] }, today, [])!.id).not.toBe(checked.id);
    expect(checkActivity(0, { ...good, id: 'my-own-id' }, today, [])!).toMatchObject({ id: 'my-own-id', idGiven: true });
  });

  it.each<[string, ActivityInputRow, string, unknown]>([
    ['no owner', { ...good, pairingId: null }, 'pairingId', ''],
    ['two owners', { ...good, cooperationId: 'coop-x' }, 'pairingId', 'pairing-x, coop-x'],
    ['a malformed pairing id', { ...good, pairingId: '结对 1' }, 'pairingId', '结对 1'],
    ['a malformed cooperation id', { ...good, pairingId: null, cooperationId: '../x' }, 'cooperationId', '../x'],
    ['a malformed id', { ...good, id: 'a b' }, 'id', 'a b'],
    ['no date', { ...good, date: null }, 'date', ''],
    ['a date that is no calendar day', { ...good, date: '2024-02-30' }, 'date', '2024-02-30'],
    ['a date in the future', { ...good, date: '2024-07-01' }, 'date', '2024-07-01'],
    ['an unknown form', { ...good, form: 'PARTY' }, 'form', 'PARTY'],
    ['an unknown unit', { ...good, measures: [{ value: 1, unit: 'YUAN' }] }, 'measures[0].unit', 'YUAN'],
    ['a unit that does not fit the form', { ...good, measures: [{ value: 1, unit: 'WAN_YUAN' }] }, 'measures[0].unit', 'WAN_YUAN'],
    ['a unit given twice', { ...good, measures: [{ value: 1, unit: 'SESSIONS' }, { value: 2, unit: 'SESSIONS' }] }, 'measures[1].unit', 'SESSIONS'],
    ['a negative value', { ...good, measures: [{ value: -1, unit: 'SESSIONS' }] }, 'measures[0].value', -1],
    ['an infinite value', { ...good, measures: [{ value: Infinity, unit: 'SESSIONS' }] }, 'measures[0].value', Infinity],
    ['a value that is no number', { ...good, measures: [{ value: 'three', unit: 'SESSIONS' }] }, 'measures[0].value', 'three'],
    ['a fraction of a counted unit', { ...good, measures: [{ value: 2.5, unit: 'SESSIONS' }] }, 'measures[0].value', 2.5],
    ['no measure for a form that needs one', { ...good, measures: [] }, 'measures', ''],
    ['too long a note', { ...good, note: 'x'.repeat(2001) }, 'note', 'x'.repeat(2001)],
  ])('refuses %s, naming the field and the value', (_what, input, field, value) => {
    const problems = problemsOf(input);
    expect(problems.map((p) => [p.row, p.field, p.value])).toEqual([[4, field, value]]);
    expect(problems[0].message.length).toBeGreaterThan(5);
    expect(problems[0].messageZh.length).toBeGreaterThan(1);
  });

  it('lets every form be recorded with its own units, and refuses measures of every other unit', () => {
    for (const form of ACTIVITY_FORMS) {
      const { units, measureRequired } = ACTIVITY_FORM_UNITS[form];
      expect(problemsOf({ ...good, form, measures: units.map((unit) => ({ value: 2, unit })) })).toEqual([]);
      expect(problemsOf({ ...good, form, measures: [] }).length).toBe(measureRequired ? 1 : 0);
      for (const unit of MEASURE_UNITS.filter((u) => !units.includes(u))) {
        expect(problemsOf({ ...good, form, measures: [{ value: 2, unit }] }).map((p) => p.field)).toEqual(['measures[0].unit']);
      }
    }
  });

  it('takes a fraction of 万元 and numbers written as text (a roster cell)', () => {
    expect(checkActivity(0, { ...good, form: 'DONATION_MONEY', measures: [{ value: '12.5', unit: 'WAN_YUAN' }] }, today, [])!.measures).toEqual([{ value: 12.5, unit: 'WAN_YUAN' }]);
  });
});
