import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BosunError, describeError } from '../../base/index.js';
import type { Clock } from '../../base/index.js';
import { CloudConfigRepo } from './cloud-config-repo.js';
import { DeploymentRepo } from './deployment-repo.js';
import { DiskRepo } from './disk-repo.js';
import { EventRepo } from './event-repo.js';
import { InstanceRepo } from './instance-repo.js';
import { LockRepo } from './lock-repo.js';
import { migrateDatabase } from './migrate.js';
import { MIGRATIONS, sqliteDialect } from './migrations.js';
import { PackageRepo } from './package-repo.js';
import { ReleaseRepo } from './release-repo.js';
import { Sql } from './sql.js';
import { StemcellRepo } from './stemcell-repo.js';
import { TaskRepo, type TaskState } from './task-repo.js';
import { UserRepo } from './user-repo.js';
import { VmRepo } from './vm-repo.js';

/** Options of {@link DirectorStore.open}. */
export interface DirectorStoreOptions {
  /** The Director's data directory; created when missing. The database is `director.db` in it. */
  dataDir: string;
  clock: Clock;
}

/** A task that {@link DirectorStore.markInterruptedTasks} ended. */
export interface InterruptedTask {
  id: number;
  previousState: TaskState;
  state: TaskState;
  result: string;
  outputDir: string;
}

/** What an interrupted task becomes, and why. */
const INTERRUPTED: ReadonlyArray<{ from: TaskState; to: TaskState; result: string }> = [
  { from: 'processing', to: 'error', result: 'Director restarted while the task was running' },
  { from: 'queued', to: 'error', result: 'Director restarted before the task started' },
  { from: 'cancelling', to: 'cancelled', result: 'Director restarted while the task was being cancelled' },
];

/**
 * The Director's state in SQLite (`<dataDir>/director.db`, WAL, foreign keys on), through one
 * typed repository per table group. Opening migrates the schema to this program's version.
 * Every method is synchronous; one Director process owns the file. Tasks' output files go
 * under `<dataDir>/tasks/<id>/`.
 */
export class DirectorStore {
  readonly users: UserRepo;
  readonly releases: ReleaseRepo;
  readonly packages: PackageRepo;
  readonly stemcells: StemcellRepo;
  readonly cloudConfigs: CloudConfigRepo;
  readonly deployments: DeploymentRepo;
  readonly instances: InstanceRepo;
  readonly vms: VmRepo;
  readonly disks: DiskRepo;
  readonly tasks: TaskRepo;
  readonly events: EventRepo;
  readonly locks: LockRepo;

  private constructor(
    private readonly db: Database.Database,
    private readonly sql: Sql,
    private readonly clock: Clock,
    readonly dataDir: string,
  ) {
    this.users = new UserRepo(sql, clock);
    this.releases = new ReleaseRepo(sql, clock);
    this.packages = new PackageRepo(sql, clock);
    this.stemcells = new StemcellRepo(sql, clock);
    this.cloudConfigs = new CloudConfigRepo(sql, clock);
    this.deployments = new DeploymentRepo(sql, clock);
    this.instances = new InstanceRepo(sql, clock);
    this.vms = new VmRepo(sql, clock);
    this.disks = new DiskRepo(sql, clock);
    this.tasks = new TaskRepo(sql, clock, join(dataDir, 'tasks'));
    this.events = new EventRepo(sql, clock);
    this.locks = new LockRepo(sql, clock);
  }

  /** Opens (creating and migrating as needed) the store in `dataDir`. */
  static open(options: DirectorStoreOptions): DirectorStore {
    const path = join(options.dataDir, 'director.db');
    let db: Database.Database | undefined;
    try {
      mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
      db = new Database(path, { timeout: 5000 });
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = NORMAL');
      migrateDatabase(db, MIGRATIONS, sqliteDialect, options.clock.nowMs());
    } catch (e) {
      db?.close();
      if (e instanceof BosunError) throw e;
      throw new BosunError(
        'STORE_OPEN_FAILED',
        `Opening the Director database ${path}: ${describeError(e)}`,
        { cause: e },
      );
    }
    return new DirectorStore(db, new Sql(db), options.clock, options.dataDir);
  }

  /** The directory holding each task's output directory. */
  get tasksDir(): string {
    return join(this.dataDir, 'tasks');
  }

  /** Runs `fn` in one transaction across repositories: all of its writes or none. */
  transaction<T>(fn: () => T): T {
    return this.sql.transaction(fn);
  }

  /**
   * Run once at start-up, before any task runs: ends every task a previous Director process
   * left unfinished (`processing` and `queued` become `error`, `cancelling` becomes
   * `cancelled`, each with a result saying so) and releases their locks. One transaction.
   */
  markInterruptedTasks(): InterruptedTask[] {
    return this.sql.transaction(() => {
      const ended: InterruptedTask[] = [];
      const now = this.clock.nowMs();
      for (const rule of INTERRUPTED) {
        for (const task of this.tasks.list({ states: [rule.from], limit: Number.MAX_SAFE_INTEGER })) {
          if (
            this.tasks.transition(task.id, rule.from, rule.to, { result: rule.result, endedAtMs: now }) ===
            undefined
          )
            continue;
          this.locks.releaseByTask(task.id);
          ended.push({
            id: task.id,
            previousState: rule.from,
            state: rule.to,
            result: rule.result,
            outputDir: task.outputDir,
          });
        }
      }
      return ended.sort((a, b) => a.id - b.id);
    });
  }

  /** Closes the database. The store is unusable afterwards. */
  close(): void {
    if (this.db.open) this.db.close();
  }
}
