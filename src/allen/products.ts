// Allen products (model::Product): the names shown next to product ids in the Products filter.
// Connectivity experiments carry product ids (5 = "Mouse Connectivity: Projection"; others for
// Cre-dependent and target-defined series). bsv applies no product filter, so neither do we by
// default; the names only label the filter.
import { z } from 'zod';
import type { AllenContext, CallOptions } from './context.ts';
import { fetchAllRows, intId, queryUrl } from './envelope.ts';
import type { Product } from './experiment-filters.ts';

export { productLabel, type Product } from './experiment-filters.ts';

const productSchema = z.object({
  id: intId,
  name: z.string().nullable().optional(),
  abbreviation: z.string().nullable().optional(),
});

export function productCriteria(ids: readonly number[]): string {
  return `model::Product,rma::criteria,[id$in${ids.join(',')}],rma::options[num_rows$eq'all']`;
}

/** Names of these products (ids Allen does not know are left out). */
export async function fetchProducts(ctx: AllenContext, ids: readonly number[], opts: CallOptions = {}): Promise<Product[]> {
  const wanted = [...new Set(ids)].sort((a, b) => a - b);
  if (wanted.length === 0) return [];
  const { rows } = await fetchAllRows(
    ctx.http,
    { what: 'Product names', signal: opts.signal },
    () => queryUrl(ctx.apiBase, productCriteria(wanted)),
    productSchema,
    1,
  );
  return rows
    .filter((r) => wanted.includes(r.id))
    .map((r) => ({ id: r.id, name: r.name?.trim() || r.abbreviation?.trim() || `Product ${r.id}` }))
    .sort((a, b) => a.id - b.id);
}
