// One error type for every Allen request. The message says what was asked and what failed,
// naming the URL and, when there is one, the experiment id.

export type AllenErrorKind = 'network' | 'http' | 'service' | 'validation' | 'aborted' | 'empty';

export interface AllenErrorInit {
  readonly kind: AllenErrorKind;
  /** What was asked, e.g. "Download of experiment 100141219" or "Experiment search". */
  readonly what: string;
  /** What failed, e.g. "HTTP 503 from https://…". */
  readonly detail: string;
  readonly url: string;
  readonly status?: number;
  readonly experimentId?: number;
  readonly attempts?: number;
  readonly cause?: unknown;
}

export class AllenError extends Error {
  readonly kind: AllenErrorKind;
  readonly url: string;
  readonly status?: number;
  readonly experimentId?: number;
  readonly attempts: number;
  readonly what: string;
  readonly detail: string;

  constructor(init: AllenErrorInit) {
    const attempts = init.attempts ?? 1;
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    const verb = init.kind === 'aborted' ? 'was cancelled' : `failed${tries}`;
    super(`${init.what} ${verb}: ${init.detail}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'AllenError';
    this.kind = init.kind;
    this.url = init.url;
    this.what = init.what;
    this.detail = init.detail;
    this.attempts = attempts;
    if (init.status !== undefined) this.status = init.status;
    if (init.experimentId !== undefined) this.experimentId = init.experimentId;
  }

  /** Same failure, re-labelled with the total number of attempts made. */
  withAttempts(attempts: number): AllenError {
    return new AllenError({ ...this.init(), attempts });
  }

  /** Same failure, re-labelled with the caller's description of what was asked. */
  withWhat(what: string, experimentId?: number): AllenError {
    return new AllenError({
      ...this.init(),
      what,
      experimentId: experimentId ?? this.experimentId,
    });
  }

  /** Same failure with `more` appended to what failed. */
  withDetail(more: string): AllenError {
    return new AllenError({ ...this.init(), detail: `${this.detail}${more}` });
  }

  private init(): AllenErrorInit {
    return {
      kind: this.kind,
      what: this.what,
      detail: this.detail,
      url: this.url,
      status: this.status,
      experimentId: this.experimentId,
      attempts: this.attempts,
      cause: this.cause,
    };
  }
}

/** Network errors, 5xx, 429 and `success:false` envelopes are worth another attempt. */
export function isRetryable(error: AllenError): boolean {
  switch (error.kind) {
    case 'network':
    case 'service':
      return true;
    case 'http':
      return error.status === 429 || (error.status !== undefined && error.status >= 500);
    default:
      return false;
  }
}

export function isAllenError(value: unknown): value is AllenError {
  return value instanceof AllenError;
}

export function abortedError(what: string, url: string, experimentId?: number): AllenError {
  return new AllenError({
    kind: 'aborted',
    what,
    detail: `request to ${url} was aborted`,
    url,
    experimentId,
  });
}
