/**
 * The jobs this process holds right now: enrolled or claimed by one of its worker slots and not yet recorded.
 * The stuck-job reaper of the same process never fails these: their worker is provably alive (it is this process),
 * however late a keepalive lands. Failing one would let AYON's enroll hand the job to another slot while the first
 * still runs it (ayon-backend ayon_server/events/enroll.py re-offers a failed job whatever its sender), so two runs
 * of one event would race, e.g. both creating the entity of a ShotGrid New event.
 */
export class HeldJobs {
  /** Job id → how many holds (a job handed back and enrolled again by the same process may overlap briefly). */
  private readonly holds = new Map<string, number>();

  hold(jobId: string): void {
    this.holds.set(jobId, (this.holds.get(jobId) ?? 0) + 1);
  }

  release(jobId: string): void {
    const count = this.holds.get(jobId) ?? 0;
    if (count <= 1) this.holds.delete(jobId);
    else this.holds.set(jobId, count - 1);
  }

  has(jobId: string): boolean {
    return this.holds.has(jobId);
  }

  /** The ids held now (a copy). */
  snapshot(): Set<string> {
    return new Set(this.holds.keys());
  }

  get size(): number {
    return this.holds.size;
  }
}
