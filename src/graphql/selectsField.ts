import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Returns true when the client selected `name` directly under the field being resolved (through inline
 * fragments and named fragments too), so that a resolver computes a costly part only when asked. Never throws.
 */
export function selectsField(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, name: string): boolean {
  return selectsWhere(info, (field) => field.name.value === name);
}

/** Returns true when the client selected any of `names` under the field `parent` of the field being resolved (`edges { activityCount }`). Never throws. */
export function selectsFieldIn(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, parent: string, names: readonly string[]): boolean {
  return selectsWhere(info, (field) => field.name.value === parent && selectsWhere({ fieldNodes: [field], fragments: info.fragments }, (f) => names.includes(f.name.value)));
}

function selectsWhere(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, test: (field: FieldNode) => boolean): boolean {
  const seen = new Set<string>();
  const inSet = (set: SelectionSetNode | undefined): boolean => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD && test(s)) return true;
      if (s.kind === Kind.INLINE_FRAGMENT && inSet(s.selectionSet)) return true;
      if (s.kind === Kind.FRAGMENT_SPREAD && !seen.has(s.name.value)) {
        seen.add(s.name.value);
        if (inSet(info.fragments[s.name.value]?.selectionSet)) return true;
      }
    }
    return false;
  };
  return info.fieldNodes.some((node) => inSet(node.selectionSet));
}
