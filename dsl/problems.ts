/**
 * Problems are data: every user mistake found before C exists becomes one
 * Problem, and one renderer (generators/report.ts) prints them.
 */

/** Where in the user's file a problem points. */
export interface SourcePosition {
  file: string
  /** 1-based line. */
  line: number
  /** 1-based column. */
  column: number
}

export interface Problem {
  /** Stable identifier, e.g. `port-range`, `config-syntax`. */
  code: string
  /** Field path in the descriptor, e.g. `services[0].port`; '' for the file. */
  path: string
  /** One sentence saying what is wrong. */
  message: string
  /** The value received, rendered for people. */
  received?: string
  /** What would have been accepted. */
  expected?: string
  /** The config file the problem is in. */
  file?: string
  /** Filled in by the locator where the field can be found. */
  position?: SourcePosition
}

/** Thrown by every stage for user mistakes; carries its problems. */
export class MinikraftError extends Error {
  readonly problems: Problem[]
  readonly headline: string

  constructor(headline: string, problems: Problem[]) {
    super(
      `${headline}\n` + problems.map((p) => `  ${formatPath(p)}`).join('\n'),
    )
    this.name = 'MinikraftError'
    this.headline = headline
    this.problems = problems
  }
}

function formatPath(problem: Problem): string {
  return problem.path ? `${problem.path}: ${problem.message}` : problem.message
}

/** Renders a descriptor value compactly for a message. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (value === undefined) return 'nothing'
  if (typeof value === 'function') return 'a function'
  if (typeof value === 'bigint') return `${value}n`
  if (Array.isArray(value)) return `an array of ${value.length}`
  if (value !== null && typeof value === 'object') {
    const text = JSON.stringify(value)
    return text.length > 60 ? `${text.slice(0, 57)}...` : text
  }
  return String(value)
}
