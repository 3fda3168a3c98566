/**
 * What the live sandbox shows of the jobs its edits cause: one line per job that changed AYON or failed, and a
 * count of the rest. Many ShotGrid events change nothing AYON keeps (back-references such as Sequence.shots,
 * the retirement_date set alongside a retirement); listing each would bury the ones that matter.
 */
import type { JobReport } from "@ayon-sg/core";

export class LiveJobs {
  private changed = 0;
  private unchanged = 0;
  private failed = 0;

  constructor(private readonly say: (line: string) => void) {}

  readonly onJob = (report: JobReport): void => {
    if (report.status === "released") return;
    const what = report.action === "shotgrid-event" ? "" : `${report.action ?? report.topic} `;
    if (report.status === "skipped") {
      this.unchanged += 1;
      // A skip for want of a handler is a studio directory without the plugin: worth seeing.
      if (/no handler for topic/.test(report.description)) this.say(`  AYON ← ${what}not handled: ${report.description}`);
      return;
    }
    if (report.status === "failed") this.failed += 1;
    else this.changed += 1;
    this.say(`  AYON ← ${what}${report.status}: ${report.description}`);
  };

  summary(): string {
    return `${this.changed} job(s) finished, ${this.unchanged} needed no change in AYON, ${this.failed} failed`;
  }
}
