// The shape every benchmark figure has. A new figure is one module in
// this folder that exports a Figure and is listed in ./index.ts.

import type { Spread } from '../lib/stats.ts'
import type { BenchOptions } from '../options.ts'
import type { Guest } from '../guests.ts'
import type { BootAttempt, Session } from '../session.ts'

/** A target for our kernel, stated beside the figure and never asserted. */
export type Goal =
  | { kind: 'ratio'; op: '<=' | '>='; value: number; text: string }
  | { kind: 'absolute'; op: '<=' | '>='; value: number; text: string }

export interface Metric {
  key: string
  label: string
  unit: string
  better: 'lower' | 'higher'
  /** Digits after the point when printed. */
  digits: number
  goal?: Goal
}

export interface FigureContext {
  guest: Guest
  options: BenchOptions
  /** The running guest; set for figures of scope 'session'. */
  session?: Session
  /** Boots the guest afresh with another -m; for scope 'guest'. */
  boot(memory: string, timeoutMs: number): Promise<BootAttempt>
  /** Median boot time of this guest over the rounds, if measured. */
  medianBootMs?: number
}

export interface Figure<S = unknown> {
  name: string
  /**
   * 'session': measured once per round on the guest that round booted,
   * in the order of ./index.ts. 'guest': measured once per guest after
   * the rounds, booting the guest itself as it needs.
   */
  scope: 'session' | 'guest'
  metrics: Metric[]
  measure(ctx: FigureContext): Promise<S>
  /** Median and spread of each metric over the samples. */
  summarize(samples: S[]): Record<string, Spread>
}
