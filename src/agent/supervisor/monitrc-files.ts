/** One job's monit sources as found under `jobs/<job>/`: `monit` and any `<label>.monit`. */
export interface JobMonitSources {
  readonly jobName: string;
  readonly hasMonitFile: boolean;
  /** The `<label>` of every `<label>.monit` file, in name order. */
  readonly extraLabels: readonly string[];
}

/** One file to write into `monit/job/`. */
export interface MonitrcCopy {
  readonly jobName: string;
  /** `monit` or `<label>.monit`, relative to `jobs/<job>/`. */
  readonly source: string;
  /** `<%04d>_<job>.monitrc` or `<%04d>_<job>_<label>.monitrc`. */
  readonly target: string;
}

/**
 * The copies BOSH's agent makes on start (reference §3.2): jobs in reverse, the last job gets
 * index 0; `monit` becomes `<%04d>_<job>.monitrc` and `<label>.monit` `<%04d>_<job>_<label>.monitrc`.
 * For jobs `[a, b, c]`: `0000_c.monitrc`, `0001_b.monitrc`, `0002_a.monitrc`. Pure.
 */
export function planMonitrcCopies(jobs: readonly JobMonitSources[]): MonitrcCopy[] {
  const copies: MonitrcCopy[] = [];
  jobs.forEach((job, position) => {
    const index = String(jobs.length - 1 - position).padStart(4, '0');
    if (job.hasMonitFile)
      copies.push({ jobName: job.jobName, source: 'monit', target: `${index}_${job.jobName}.monitrc` });
    for (const label of job.extraLabels) {
      copies.push({
        jobName: job.jobName,
        source: `${label}.monit`,
        target: `${index}_${job.jobName}_${label}.monitrc`,
      });
    }
  });
  return copies.sort((x, y) => compareNames(x.target, y.target));
}

/** A monitrc file read back, with the job it belongs to. */
export interface MonitrcFile {
  readonly fileName: string;
  readonly jobName: string;
}

const MONITRC = /^(\d{4})_(.+)\.monitrc$/;

/**
 * Which job each `monit/job/*.monitrc` file belongs to, in the order monit reads them (name
 * order). Job names may contain `_`, so a name alone is ambiguous; but all files of one job
 * share its index, and its `monit` copy is the shortest name, a prefix of the others. A file
 * not named like the agent names them is taken whole (`x.monitrc` is job `x`). Pure.
 */
export function jobsOfMonitrcFiles(fileNames: readonly string[]): MonitrcFile[] {
  const names = fileNames.filter((name) => name.endsWith('.monitrc')).sort(compareNames);
  const restsByIndex = new Map<string, string[]>();
  for (const name of names) {
    const m = MONITRC.exec(name);
    if (m?.[1] !== undefined && m[2] !== undefined)
      restsByIndex.set(m[1], [...(restsByIndex.get(m[1]) ?? []), m[2]]);
  }
  return names.map((fileName) => {
    const m = MONITRC.exec(fileName);
    if (m?.[1] === undefined || m[2] === undefined)
      return { fileName, jobName: fileName.slice(0, -'.monitrc'.length) };
    const rest = m[2];
    const jobName = (restsByIndex.get(m[1]) ?? [])
      .filter((other) => rest === other || rest.startsWith(`${other}_`))
      .sort((x, y) => x.length - y.length)[0];
    return { fileName, jobName: jobName ?? rest };
  });
}

/** Byte order, as monit's include glob sorts. */
function compareNames(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
