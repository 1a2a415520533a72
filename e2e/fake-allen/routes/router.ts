// Maps a request path to an answer (JSON or binary) using the real Allen paths. Pure with respect
// to HTTP: the server applies faults, CORS and logging around it.
import type { GridImage } from '../grids/render.ts';
import type { World } from '../world/world.ts';
import { GRID_IMAGES } from './downloads.ts';
import type { AnnotationResolution, Downloads } from './downloads.ts';
import { answerQuery } from './query.ts';

export type Answer =
  | { readonly kind: 'json'; readonly status: number; readonly text: string; readonly query?: string }
  | {
      readonly kind: 'binary';
      readonly status: number;
      readonly contentType: string;
      readonly body: Uint8Array;
      readonly experimentId?: number;
    };

export function jsonAnswer(status: number, value: unknown, query?: string): Answer {
  return { kind: 'json', status, text: JSON.stringify(value), query };
}

const ANNOTATION_PATH = /^\/informatics-archive\/current-release\/mouse_ccf\/annotation\/ccf_2017\/annotation_(100|50|25)\.nrrd$/;

function notFound(path: string): Answer {
  return jsonAnswer(404, { success: false, msg: `Not found: ${path}` });
}

/** null = not an Allen route (the server answers 404). */
export function route(world: World, downloads: Downloads, url: URL): Answer | null {
  const path = url.pathname;
  const params = url.searchParams;
  const modelScoped = /^\/api\/v2\/data\/([A-Za-z]+)\/query\.json$/.exec(path);
  if (path === '/api/v2/data/query.json' || modelScoped) {
    let rma = params.get('criteria') ?? params.get('q') ?? '';
    if (modelScoped) rma = `model::${modelScoped[1] ?? ''},rma::criteria,${rma}`;
    return { kind: 'json', status: 200, text: JSON.stringify(answerQuery(world, rma, params)), query: rma };
  }
  if (path === '/api/v2/structure_graph_download/1.json') {
    return {
      kind: 'json',
      status: 200,
      text: `{"success":true,"id":0,"start_row":0,"num_rows":1,"total_rows":1,"msg":${world.ontologyText}}`,
    };
  }
  const file = /^\/grid_data\/download_file\/(\d+)$/.exec(path);
  if (file) {
    const id = Number(file[1]);
    const image = params.get('image') ?? 'projection_density';
    const resolution = params.get('resolution') ?? '100';
    if (!(GRID_IMAGES as readonly string[]).includes(image)) return jsonAnswer(400, { success: false, msg: `unknown image '${image}'` });
    if (resolution !== '100') return jsonAnswer(400, { success: false, msg: 'the fake serves resolution=100 only' });
    const body = downloads.gridNrrd(id, image as GridImage);
    if (!body) return notFound(path);
    return { kind: 'binary', status: 200, contentType: 'application/octet-stream', body, experimentId: id };
  }
  const zip = /^\/grid_data\/download\/(\d+)$/.exec(path);
  if (zip) {
    const id = Number(zip[1]);
    const include = (params.get('include') ?? 'density').split(',').map((s) => s.trim());
    const body = downloads.gridZip(id, include);
    if (!body) return notFound(path);
    return { kind: 'binary', status: 200, contentType: 'application/zip', body, experimentId: id };
  }
  const annotation = ANNOTATION_PATH.exec(path);
  if (annotation) {
    const resolution = Number(annotation[1]) as AnnotationResolution;
    return { kind: 'binary', status: 200, contentType: 'application/octet-stream', body: downloads.annotation(resolution) };
  }
  return null;
}
