// Where the annotation volumes came from: the download sources in the order they are tried, and
// for each atlas loaded in this session the one that served it (and what failed before it).
import { useQuery } from '@tanstack/react-query';
import { describeSource } from '../../allen/download-sources.ts';
import { allenConfig } from '../../config/allen.ts';
import { getComputeWorker } from '../../data/services.ts';
import type { AtlasSourceInfo } from '../../protocol/data-contract.ts';

export function atlasSourceLine(info: AtlasSourceInfo): string {
  const source = info.source ? describeSource(info.source) : 'a source not recorded';
  const head =
    info.from === 'network'
      ? `${info.resolution} µm annotation: downloaded from ${source}`
      : `${info.resolution} µm annotation: from the browser cache (downloaded from ${source})`;
  const mb = (b: number): string => `${(b / 1e6).toFixed(2)} MB`;
  const size = [
    info.downloadBytes !== undefined ? `${mb(info.downloadBytes)} downloaded` : null,
    info.heldBytes !== undefined ? `held as ${mb(info.heldBytes)} of label runs` : null,
    info.buildMs !== undefined ? `built in ${(info.buildMs / 1000).toFixed(2)} s` : null,
  ].filter((x): x is string => x !== null);
  const sized = size.length > 0 ? `${head} (${size.join(', ')})` : head;
  return info.skipped.length > 0 ? `${sized}, after ${info.skipped.join('; ')}` : sized;
}

export function AtlasSources() {
  // an in-memory list in the worker: asked again while the panel is open, as atlases arrive
  const atlases = useQuery({ queryKey: ['atlas-sources'], queryFn: () => getComputeWorker().atlasSources(), staleTime: 0, refetchInterval: 2000 });
  return (
    <div className="atlas-sources" data-testid="atlas-sources">
      <p className="muted">Annotation volumes are tried from: {allenConfig.downloadSources.map(describeSource).join(', then ')}.</p>
      {(atlases.data ?? []).length > 0 && (
        <ul aria-label="Annotation sources">
          {(atlases.data ?? []).map((a) => (
            <li key={a.resolution} data-testid="atlas-source" data-source={a.source?.kind ?? 'unknown'} data-from={a.from}>
              {atlasSourceLine(a)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
