// The user's annotation volume as the subregions view and panel read it (data/user-annotation.ts):
// the stored volume (read once per page by whichever reader mounts first), the file being
// imported, and the message of the last import, label-names file or removal — or why the stored
// volume could not be read.
import { useMutationState, useQuery } from '@tanstack/react-query';
import {
  importUserAnnotationMutation,
  pickUserAnnotationMessage,
  USER_ANNOTATION_MUTATION,
  userAnnotationNote,
  userAnnotationQuery,
  type UserAnnotationMeta,
} from '../../data/user-annotation.ts';

export type UserAnnotationStatus = 'restoring' | 'none' | 'importing' | 'ready';

export interface UserAnnotationState {
  readonly status: UserAnnotationStatus;
  readonly meta: UserAnnotationMeta | null;
  /** Why the last import failed, or another note (shown until the next import or removal). */
  readonly error: string | null;
  /** File being imported. */
  readonly importing: string | null;
}

export function useUserAnnotation(): UserAnnotationState {
  const stored = useQuery(userAnnotationQuery);
  const importing = useMutationState({
    filters: { mutationKey: importUserAnnotationMutation.mutationKey, status: 'pending' },
    select: (m) => (m.state.variables as File | undefined)?.name ?? '',
  }).at(-1);
  const notes = useMutationState({ filters: { mutationKey: USER_ANNOTATION_MUTATION }, select: userAnnotationNote });
  const meta = stored.data ?? null;
  const status: UserAnnotationStatus = importing !== undefined ? 'importing' : stored.isPending ? 'restoring' : meta ? 'ready' : 'none';
  return { status, meta, error: pickUserAnnotationMessage(notes, stored.error), importing: importing ?? null };
}
