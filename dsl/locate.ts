/**
 * Finds where a descriptor field is written in the user's config file, so
 * that a problem can point at the line. Reads the file's syntax tree only;
 * a path that runs into computed code stops at the nearest written node.
 */
import { Node, Project, SyntaxKind, ts } from 'ts-morph'
import type { SourcePosition } from './problems.ts'

/** Splits `services[1].port` into `['services', 1, 'port']`. */
export function splitPath(path: string): (string | number)[] {
  const segments: (string | number)[] = []
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    segments.push(match[2] !== undefined ? Number(match[2]) : match[1]!)
  }
  return segments
}

export class ConfigLocator {
  private readonly root: Node | undefined

  constructor(
    private readonly file: string,
    text: string,
  ) {
    const project = new Project({
      useInMemoryFileSystem: true,
      compilerOptions: { allowJs: true },
    })
    const source = project.createSourceFile('config.ts', text)
    this.root = descriptorNode(
      source.getDefaultExportSymbol()?.getDeclarations()[0],
    )
  }

  /** The position of the field at `path`, or of the nearest parent. */
  locate(path: string): SourcePosition | undefined {
    if (!this.root) return undefined
    let node = this.root
    for (const segment of splitPath(path)) {
      const next = child(node, segment)
      if (!next) break
      node = next
    }
    const source = node.getSourceFile()
    const start = node.getStart()
    const { line, column } = source.getLineAndColumnAtPos(start)
    return { file: this.file, line, column }
  }
}

/** Follows calls, identifiers and arrow functions to an object literal. */
function descriptorNode(node: Node | undefined): Node | undefined {
  for (let depth = 0; node && depth < 10; depth++) {
    if (Node.isExportAssignment(node)) node = node.getExpression()
    else if (Node.isObjectLiteralExpression(node)) return node
    else if (Node.isCallExpression(node)) node = node.getArguments()[0]
    else if (Node.isParenthesizedExpression(node)) node = node.getExpression()
    else if (Node.isAsExpression(node) || Node.isSatisfiesExpression(node)) {
      node = node.getExpression()
    } else if (Node.isIdentifier(node)) node = declarationOf(node)
    else if (Node.isVariableDeclaration(node)) node = node.getInitializer()
    else if (Node.isArrowFunction(node) || Node.isFunctionExpression(node)) {
      node = returnedExpression(node)
    } else if (Node.isFunctionDeclaration(node)) node = returnedExpression(node)
    else return node
  }
  return node
}

function declarationOf(identifier: Node): Node | undefined {
  const symbol = identifier.getSymbol()
  return symbol?.getDeclarations()[0]
}

function returnedExpression(fn: Node): Node | undefined {
  const body = (fn as Node & { getBody(): Node | undefined }).getBody()
  if (!body) return undefined
  if (!Node.isBlock(body)) return body
  const statement = body.getDescendantsOfKind(SyntaxKind.ReturnStatement)[0]
  return statement?.getExpression()
}

function child(node: Node, segment: string | number): Node | undefined {
  const target = descriptorNode(node) ?? node
  if (typeof segment === 'number') {
    if (!Node.isArrayLiteralExpression(target)) return undefined
    return target.getElements()[segment]
  }
  if (!Node.isObjectLiteralExpression(target)) return undefined
  const property = target.getProperty(segment)
  if (Node.isPropertyAssignment(property)) {
    return property.getInitializer() ?? property
  }
  return property
}

/** Syntax errors of a config file, with positions, without running it. */
export function syntaxErrors(
  file: string,
  text: string,
): { message: string; position: SourcePosition }[] {
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.ts') || file.endsWith('.mts')
      ? ts.ScriptKind.TS
      : ts.ScriptKind.JS,
  )
  const diagnostics = (
    source as unknown as { parseDiagnostics: ts.Diagnostic[] }
  ).parseDiagnostics
  return diagnostics.map((diagnostic) => {
    const at = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0)
    return {
      message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
      position: { file, line: at.line + 1, column: at.character + 1 },
    }
  })
}
