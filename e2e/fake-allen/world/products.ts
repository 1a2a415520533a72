// Allen "products" (model::Product): the connectivity data sets an experiment belongs to. Real
// ApiConnectivity rows use ids 5, 31, 35, 36, 42, 44 and 45 (allen-api.md §1.3b); the built-in world
// gives about a third of its synthetic experiments one of the non-5 ids, spread across sources.

export interface ProductInfo {
  readonly id: number;
  readonly name: string;
  readonly abbreviation: string;
}

/**
 * Only product 5's name is Allen's ("Mouse Connectivity: Projection", allen-api.md §1.3b). The
 * other names and every abbreviation are SYNTHETIC: plausible stand-ins invented for the fake, not
 * Allen's published values. The id is kept in each synthetic name so that it is recognisable.
 */
export const PRODUCTS: readonly ProductInfo[] = [
  { id: 5, name: 'Mouse Connectivity: Projection', abbreviation: 'MouseConnProj' },
  { id: 31, name: 'Mouse Connectivity: Target-Defined Projection (31)', abbreviation: 'MouseConnTarget' },
  { id: 35, name: 'Mouse Connectivity: Cre-dependent Projection (35)', abbreviation: 'MouseConnCre35' },
  { id: 36, name: 'Mouse Connectivity: Cre-dependent Projection (36)', abbreviation: 'MouseConnCre36' },
  { id: 42, name: 'Mouse Connectivity: Cell-class Projection (42)', abbreviation: 'MouseConnClass42' },
  { id: 44, name: 'Mouse Connectivity: Layer-specific Projection (44)', abbreviation: 'MouseConnLayer44' },
  { id: 45, name: 'Mouse Connectivity: Brain-wide Projection (45)', abbreviation: 'MouseConnWide45' },
];

/** Non-5 products handed out to synthetic experiments, in rotation. */
const OTHER_PRODUCTS: readonly number[] = [35, 36, 42, 44, 45, 31];

/**
 * Product of the n-th synthetic experiment (n counted within its source, over all lines) of the
 * source at `sourceIndex`: every third experiment starting with the second is not product 5, so a
 * source with two or more experiments always has two products.
 */
export function syntheticProductId(sourceIndex: number, n: number): number {
  if (n % 3 !== 1) return 5;
  return OTHER_PRODUCTS[(sourceIndex + Math.floor(n / 3)) % OTHER_PRODUCTS.length] ?? 5;
}
