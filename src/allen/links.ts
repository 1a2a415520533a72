/** The experiment's page in the Allen Mouse Brain Connectivity Atlas web app (for attribution links). */
export function experimentPageUrl(experimentId: number): string {
  return `https://connectivity.brain-map.org/projection/experiment/${experimentId}`;
}
