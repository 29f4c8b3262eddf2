import type { DirectorClient } from './director-client.js';

/** The deployments a listing covers: the one named by `-d`, else every deployment. */
export async function deploymentNames(
  client: DirectorClient,
  deployment: string | undefined,
): Promise<string[]> {
  if (deployment !== undefined && deployment !== '') return [deployment];
  return (await client.deployments()).map((d) => d.name);
}

/** bosh-cli's table sort: ascending by the first `columns` columns, compared as bytes. */
export function compareRows(a: readonly string[], b: readonly string[], columns: number): number {
  for (let i = 0; i < columns; i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
