// Which experiments the app plans to average per source structure, computed independently from
// the fake Allen server's own answers (for specs and scripts that need projectomes of a given size).

interface OntologyNode {
  readonly id: number;
  readonly acronym: string;
  readonly children?: readonly OntologyNode[];
}

interface ConnectivityRow {
  readonly data_set_id: number;
  readonly structure_id: number;
  readonly product_id?: number | null;
}

/**
 * Planned experiments per structure acronym, computed from the fake's own Allen answers the way
 * the app assigns them (src/allen/assign-sources.ts: primary injection structure inside the
 * source's subtree; every product unless `products` names some; all lines).
 */
export async function plannedByAcronym(baseUrl: string, products: readonly number[] = []): Promise<Map<string, { id: number; ids: number[] }>> {
  const [onto, rows] = await Promise.all([
    fetch(`${baseUrl}/api/v2/structure_graph_download/1.json`).then(async (r) => ((await r.json()) as { msg: OntologyNode[] }).msg),
    fetch(`${baseUrl}/api/v2/data/query.json?criteria=${encodeURIComponent("model::ApiConnectivity,rma::options[num_rows$eq'all']")}`).then(
      async (r) => ((await r.json()) as { msg: ConnectivityRow[] }).msg,
    ),
  ]);
  const byStructure = new Map<number, number[]>();
  for (const row of rows) {
    if (products.length > 0 && row.product_id !== undefined && row.product_id !== null && !products.includes(row.product_id)) continue;
    byStructure.set(row.structure_id, [...(byStructure.get(row.structure_id) ?? []), row.data_set_id]);
  }
  const out = new Map<string, { id: number; ids: number[] }>();
  const walk = (node: OntologyNode): number[] => {
    const ids = [...(byStructure.get(node.id) ?? []), ...(node.children ?? []).flatMap(walk)];
    out.set(node.acronym, { id: node.id, ids });
    return ids;
  };
  onto.forEach(walk);
  return out;
}
