/**
 * A loop's sleep that another part of the daemon can cut short: the instance worker sleeps
 * until its next job is due, a pool member until it polls again, and stop() or a job just
 * queued wakes them at once.
 */
export class Nap {
  private wakeUp: (() => void) | undefined;

  /** Resolves after `ms`, or as soon as wake() is called. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakeUp = undefined;
        resolve();
      }, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
    });
  }

  /** Ends the current sleep, if any. */
  wake(): void {
    this.wakeUp?.();
  }
}
