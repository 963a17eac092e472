/**
 * Per-source item filters (`include` / `exclude`, by title or category regex). Pure. The existing archive,
 * for one, kept only China Digital Times items whose category carries a marker symbol.
 */

export interface FilterRule {
  /** JavaScript regular expression, unanchored, tested against the title. */
  title?: string;
  /** Tested against each category; one matching category matches the item. */
  category?: string;
}

export interface Filterable {
  title: string;
  categories: string[];
}

function matcher(rule: FilterRule): (item: Filterable) => boolean {
  const title = rule.title === undefined ? undefined : new RegExp(rule.title, 'u');
  const category = rule.category === undefined ? undefined : new RegExp(rule.category, 'u');
  return (item) => Boolean(title?.test(item.title) || (category && item.categories.some((c) => category.test(c))));
}

/** An item is kept when it matches `include` (if given) and does not match `exclude` (if given). */
export function compileFilter(include: FilterRule | undefined, exclude: FilterRule | undefined): (item: Filterable) => boolean {
  const included = include ? matcher(include) : () => true;
  const excluded = exclude ? matcher(exclude) : () => false;
  return (item) => included(item) && !excluded(item);
}

/** Why a pattern cannot be used, or undefined when it can. */
export function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
