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
  const { shown, caret } = window(raw, column - 1)
  const gutter = `    ${line} | `
  return [
    pc.dim(gutter) + shown,
    ' '.repeat(gutter.length + caret) + pc.red('^'),
  ]
}

/** Columns of a line shown around the problem; longer lines are cut. */
const FRAME_WIDTH = 100

/**
 * The part of a line around `index`, with control characters (which
 * would garble the terminal) replaced, and where the caret goes in it.
 */
function window(line: string, index: number) {
  const start = Math.max(
    0,
    Math.min(index - FRAME_WIDTH / 2, line.length - FRAME_WIDTH),
  )
  const cut = line.slice(start, start + FRAME_WIDTH)
  const clean = cut.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '?')
  const shown =
    (start > 0 ? '…' : '') +
    clean +
    (start + FRAME_WIDTH < line.length ? '…' : '')
  return { shown, caret: index - start + (start > 0 ? 1 : 0) }
}
