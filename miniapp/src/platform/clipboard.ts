import { useState } from 'react'

/** How the last copy went: nothing copied yet, copied, or refused (no permission, not a secure page). */
export type CopyState = 'idle' | 'done' | 'failed'

/**
 * Copying a text for the person to paste elsewhere (a secret, a claim link). The back office runs in the browser,
 * so this is the browser's clipboard; `copied` says how the last copy went, for the page to say so.
 */
export function useCopy(): { copied: CopyState; copy: (text: string) => Promise<void> } {
  const [copied, setCopied] = useState<CopyState>('idle')

  async function copy(text: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text)
      setCopied('done')
    } catch {
      setCopied('failed')
    }
  }

  return { copied, copy }
}
