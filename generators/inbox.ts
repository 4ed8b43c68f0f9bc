/**
 * A queue of received datagrams that a reader can wait on: the next one,
 * or the next one a predicate accepts, until a deadline.
 */
export class Inbox {
  private readonly items: Buffer[] = []
  private wake: (() => void) | undefined

  push(item: Buffer): void {
    this.items.push(item)
    this.wake?.()
  }

  /** Everything queued, removed. */
  drain(): Buffer[] {
    return this.items.splice(0)
  }

  /** The first item `accept` holds for, or undefined after `timeoutMs`. */
  async take(
    timeoutMs: number,
    accept: (item: Buffer) => boolean = () => true,
  ): Promise<Buffer | undefined> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const index = this.items.findIndex(accept)
      if (index >= 0) return this.items.splice(index, 1)[0]
      const left = deadline - Date.now()
      if (left <= 0) return undefined
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      this.wake = undefined
    }
  }
}
