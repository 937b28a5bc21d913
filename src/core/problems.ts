import { InvalidInputError, type Problem } from './errors.js';

const SHOWN = 20;

/** The bad lines of one batch: the first 20 kept to name, all of them counted. */
export class ProblemList {
  private readonly shown: Problem[] = [];
  private total = 0;

  add(line: number, message: string): void {
    this.total++;
    if (this.shown.length < SHOWN) this.shown.push({ line, message });
  }

  get any(): boolean {
    return this.total > 0;
  }

  get count(): number {
    return this.total;
  }

  throwIfAny(outcome?: string, hint?: string): void {
    if (this.total > 0) throw new InvalidInputError(this.shown, this.total, outcome, hint);
  }
}
