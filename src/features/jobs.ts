// The app's periodic jobs by name (each feature's reminders, sweeps, senders): started when the app is ready on
// instances that handle work, stopped on close; tests and operators run a round of one by name.
import type { FeatureJob } from './contract.ts';

type JobOf<Result> = Omit<FeatureJob, 'runOnce'> & { runOnce(now?: Date): Promise<Result> };

export class JobRegistry {
  private readonly jobs = new Map<string, FeatureJob>();

  add(job: FeatureJob): void {
    if (this.jobs.has(job.name)) throw new Error(`job ${job.name} is registered twice`);
    this.jobs.set(job.name, job);
  }

  /**
   * The job of that name; throws for a name no enabled feature has (a typo must not pass silently). `Result` is
   * what the caller knows a round of that job returns.
   */
  get<Result = unknown>(name: string): JobOf<Result> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`no job named ${name} (is its feature switched off?)`);
    return job as JobOf<Result>;
  }

  has(name: string): boolean {
    return this.jobs.has(name);
  }

  startAll(): void {
    for (const job of this.jobs.values()) job.start();
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((job) => job.stop()));
  }
}
