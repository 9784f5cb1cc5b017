import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Returns true when the client selected `path` under the field being resolved (through inline fragments and
 * named fragments too), so that a resolver computes a costly part only when asked: a field name directly under
 * it (`totalCount`), or a dotted path of fields one below the other (`kinds.units`: `units` in any selection of
 * `kinds`, aliases included). Never throws.
 */
export function selectsField(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: string): boolean {
  /** The fields named `name` in `sets`, looking into their fragments (each named one once). */
  const fieldsNamed = (sets: readonly (SelectionSetNode | undefined)[], name: string): FieldNode[] => {
    const found: FieldNode[] = [];
    const seen = new Set<string>();
    const walk = (set: SelectionSetNode | undefined): void => {
      for (const s of set?.selections ?? []) {
        if (s.kind === Kind.FIELD && s.name.value === name) found.push(s);
        else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet);
        else if (s.kind === Kind.FRAGMENT_SPREAD && !seen.has(s.name.value)) {
          seen.add(s.name.value);
          walk(info.fragments[s.name.value]?.selectionSet);
        }
      }
    };
    for (const set of sets) walk(set);
    return found;
  };
  let sets: (SelectionSetNode | undefined)[] = info.fieldNodes.map((node) => node.selectionSet);
  for (const name of path.split('.')) {
    const fields = fieldsNamed(sets, name);
    if (fields.length === 0) return false;
    sets = fields.map((f) => f.selectionSet);
  }
  return true;
}

/** Returns true when the client selected any of `names` under the field `parent` of the field being resolved (`edges { activityCount }`). Never throws. */
export function selectsFieldIn(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, parent: string, names: readonly string[]): boolean {
  return names.some((name) => selectsField(info, `${parent}.${name}`));
}

/**
 * Returns the names of the fields the client selected at `path` under the field being resolved (a dotted path
 * as for {@link selectsField}; the empty path is the field's own selection), through inline and named
 * fragments, in every selection of the path (aliases give the field's name). Empty when the path is not
 * selected. Never throws.
 */
export function selectedFieldNames(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: string): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  const collect = (set: SelectionSetNode | undefined, rest: readonly string[]): void => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.INLINE_FRAGMENT) collect(s.selectionSet, rest);
      else if (s.kind === Kind.FRAGMENT_SPREAD) {
        const key = `${s.name.value}@${rest.join('.')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        collect(info.fragments[s.name.value]?.selectionSet, rest);
      } else if (rest.length === 0) names.add(s.name.value);
      else if (s.name.value === rest[0]) collect(s.selectionSet, rest.slice(1));
    }
  };
  const steps = path ? path.split('.') : [];
  for (const node of info.fieldNodes) collect(node.selectionSet, steps);
  return names;
}
