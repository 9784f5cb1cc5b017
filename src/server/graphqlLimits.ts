import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import { GraphQLError, type ValidationRule } from 'graphql';

/** Limits on one GraphQL document, from GRAPHQL_MAX_* (README, Operations). */
export interface GraphQLLimits {
  /** Deepest selection, counted in fields from the root (introspection excepted). */
  maxDepth: number;
  /** graphql-armor's cost: 1 per scalar, 2 per object, × 1.5 per level, × `first` when given literally. */
  maxCost: number;
  /** Aliases in one operation. */
  maxAliases: number;
  /** Lexical tokens in the document (enforced by graphql-js's parser, before anything else). */
  maxTokens: number;
  /** Directives in one operation. */
  maxDirectives: number;
}

/** Reports a rejected document as a validation error naming the limit (Apollo answers 400 GRAPHQL_VALIDATION_FAILED). */
function reject(limit: string): GraphQLArmorRejectCallback {
  return (ctx, error) => {
    const message = `${error.message.replace(/^Syntax Error: /, '')} (limit: ${limit})`;
    ctx?.reportError(new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit } }));
  };
}

/**
 * Returns the validation rules and plugins of graphql-armor for these limits: max depth, cost, aliases and
 * directives as validation rules; field suggestions ("Did you mean …?") masked in production. The token
 * limit is not armor's (its Apollo plugin parses every document a second time and answers 500 on
 * rejection): it is graphql-js's own `maxTokens` parse option, set by the server.
 */
export function armorProtection(limits: GraphQLLimits, production: boolean): { validationRules: ValidationRule[]; plugins: ApolloServerPlugin[] } {
  const common = { exposeLimits: true, propagateOnRejection: false } as const;
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, ...common, onReject: [reject('depth')] },
    costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true, ...common, onReject: [reject('cost')] },
    maxAliases: { n: limits.maxAliases, ...common, onReject: [reject('aliases')] },
    maxDirectives: { n: limits.maxDirectives, ...common, onReject: [reject('directives')] },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: production },
  });
  const { validationRules, plugins } = armor.protect();
  return { validationRules, plugins };
}
