/**
 * The one renderer for problems: a red headline, each problem with its
 * field path, what was received and expected, and the user's line.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import pc from 'picocolors'
import type { Problem } from '../dsl/problems.ts'

export function renderProblems(headline: string, problems: Problem[]): string {
  const lines = [pc.red(pc.bold(`error: ${headline}`))]
  for (const problem of problems) {
    lines.push('', ...renderProblem(problem))
  }
  return lines.join('\n') + '\n'
}

function renderProblem(problem: Problem): string[] {
  const where = problem.path ? `${pc.bold(problem.path)}: ` : ''
  const lines = [`  ${pc.red('✖')} ${where}${problem.message}`]
  if (problem.expected && !problem.message.includes(problem.expected)) {
    lines.push(`    expected: ${problem.expected}`)
  }
  const position = problem.position
  if (position) {
    const shown = path.relative(process.cwd(), position.file) || position.file
    lines.push(
      `    at ${pc.cyan(`${shown}:${position.line}:${position.column}`)}`,
    )
    lines.push(...codeFrame(position.file, position.line, position.column))
  } else if (problem.file) {
    lines.push(
      `    in ${path.relative(process.cwd(), problem.file) || problem.file}`,
    )
  }
  return lines
}

function codeFrame(file: string, line: number, column: number): string[] {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return []
  }
  const raw = text.split('\n')[line - 1]
  if (raw === undefined) return []
  // Control characters would garble the terminal; long lines are cut.
  const source = raw.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '?').slice(0, 160)
  const gutter = `    ${line} | `
  return [
    pc.dim(gutter) + source,
    ' '.repeat(gutter.length + column - 1) + pc.red('^'),
  ]
}
