/**
 * A background job run every `intervalMs` (unref'd, so it never keeps a process alive) that
 * never overlaps itself: `run()` called while a run is in flight returns that run. `stop()`
 * waits for the run in flight. Failures go to `onError` and the job's fallback result.
 */
export class Poller<T> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<T> | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly job: () => Promise<T>,
    private readonly onError: (error: unknown) => T,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.run(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One run now (what the interval does; tests call it directly). Never throws. */
  run(): Promise<T> {
    this.running ??= this.job()
      .catch(this.onError)
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }
}
