// Keys of held and stored aggregates: a SHA-256 digest of the exact processing, grouping and
// experiment ids (and the definitions version), so two different requests can never share a key
// (a 32-bit hash could collide) and a stored mean is never read under another definition.
import type { AggregateRequest } from '../protocol/data-contract.ts';
import { DEFINITIONS_VERSION, sha256Hex } from '../protocol/digest.ts';

/** The canonical text of what defines an aggregate's means. */
export function aggregateIdentity(r: AggregateRequest): string {
  const grouping =
    r.grouping === 'region'
      ? (r.regionGroups ?? []).map((g) => `${g.label}:${g.experimentIds.join(',')}`).join('/')
      : `${r.grouping}${r.grouping === 'none' ? '' : (r.groupingBins ?? 5)}:${r.experiments.map((e) => e.id).join(',')}`;
  return `d${DEFINITIONS_VERSION}|${r.grouping}|${r.normalization}|${r.subtractOtherHemisphere ? 'sub' : 'both'}|${grouping}`;
}

/** Key of an aggregate: readable prefix, digest of its identity. */
export async function aggregateKey(r: AggregateRequest): Promise<string> {
  return `agg:${r.grouping}|${r.normalization}|${r.subtractOtherHemisphere ? 'sub' : 'both'}|${(await sha256Hex(aggregateIdentity(r))).slice(0, 32)}`;
}

/** Cache id of one stored group mean: processing and the group's experiment ids (order-free). */
export async function groupMeanId(r: Pick<AggregateRequest, 'normalization'>, experimentIds: readonly number[]): Promise<string> {
  const ids = [...experimentIds].sort((a, b) => a - b).join(',');
  return `grp-${(await sha256Hex(`d${DEFINITIONS_VERSION}|${r.normalization}|${ids}`)).slice(0, 32)}`;
}
